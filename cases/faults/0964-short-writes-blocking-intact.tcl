# ---
# id: 0964
# title: 256 KiB written to a blocking socket arrive complete and in order when every system write takes only part of what it is given
# clauses: [channel.data.intact, client.connect.read-write]
# requires: [fault-shim, ipv4]
# profiles: [dual]
# faults: [output/client:SHORT=997]
# includes: [faults.tcl]
# timeout: 20
# ---
# A system may take fewer bytes than a write offers (a socket buffer nearly
# full, a signal during a blocking send); writing the rest is the
# implementation's job. The fault shim makes every send of the client take at
# most 997 bytes. The client writes in blocking mode, 8 KiB per flush; the
# accepted side reads from channel events in between, so no buffer fills.
lassign [connected_pair] c a
set size [expr {256 * 1024}]
set data [pattern $size]
drain $a ::got
for {set off 0} {$off < $size} {incr off 8192} {
    puts -nonewline $c [string range $data $off [expr {$off + 8191}]]
    flush $c
    set want [expr {min($off + 8192, $size)}]
    wait_until {[string length $::got] >= $want} 5000
}
close $c
wait_for ::got-done 5000
assert_equal eof ${::got-done} "the reader sees end of file after the data"
assert_same_bytes $data $::got "the peer received every byte once, in order"
close $a
