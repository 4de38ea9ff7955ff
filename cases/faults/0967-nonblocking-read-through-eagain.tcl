# ---
# id: 0967
# title: a reader driven by readable events gets every byte in order and then end of file although the system answers a seeded share of its reads with EAGAIN and the others with at most 1500 bytes
# clauses: [channel.data.intact, server.accepted.read-write]
# requires: [fault-shim, ipv4]
# profiles: [dual]
# faults: [input/accepted:EAGAIN:p=40, input/accepted:SHORT=1500]
# includes: [faults.tcl]
# timeout: 30
# ---
# A readable event is a hint, not a promise: the read it leads to may find
# nothing after all (EAGAIN), and a read may return less than is there. Neither
# is end of file or an error. The fault shim answers 40 % of the accepted
# side's receives (seeded) with EAGAIN and lets the others return at most 1500
# bytes; the reader is non-blocking and reads only from readable events.
lassign [connected_pair] c a
set size [expr {512 * 1024}]
set data [pattern $size]
chan configure $c -blocking 0 -buffering full
puts -nonewline $c $data
close $c
drain $a ::got
wait_for ::got-done 20000
assert_equal eof ${::got-done} "the reader ends at end of file, not at an error"
assert_same_bytes $data $::got "the reader received every byte once, in order"
close $a
