# ---
# id: 0970
# title: a reader driven by readable events whose system receives are interrupted by signals (EINTR) gets every byte and end of file, without an error
# clauses: [channel.io.interrupted-retried, channel.data.intact]
# requires: [fault-shim, ipv4]
# profiles: [dual]
# faults: ["input/accepted:EINTR:p=50"]
# includes: [faults.tcl]
# timeout: 30
# ---
# As 0969, on a non-blocking channel read from its readable events: an
# interrupted receive moved nothing, so it is neither data, nor end of file,
# nor an error; the data is read by the same or the next event.
lassign [connected_pair] c a
set size [expr {256 * 1024}]
set data [pattern $size]
chan configure $c -blocking 0 -buffering full
puts -nonewline $c $data
close $c
drain $a ::got
wait_for ::got-done 20000
if {${::got-done} ne "eof"} {
    observe error.interrupted-read [string map [list $a CHAN] [lindex ${::got-done} 1]]
}
assert_equal eof ${::got-done} "the reader ends at end of file, not at an error"
assert_same_bytes $data $::got "the reader received every byte once, in order"
close $a
