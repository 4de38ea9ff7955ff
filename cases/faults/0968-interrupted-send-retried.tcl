# ---
# id: 0968
# title: a blocking write whose system sends are interrupted by signals (EINTR) half of the time still delivers every byte, in order, without an error
# clauses: [channel.io.interrupted-retried, channel.data.intact]
# requires: [fault-shim, ipv4]
# profiles: [dual]
# faults: ["output/client:EINTR:p=50"]
# includes: [faults.tcl]
# timeout: 20
# ---
# A signal that arrives while a blocking send waits interrupts it before any
# byte has moved: send fails with EINTR, and the call is to be made again.
# The fault shim fails a seeded half of the client's sends so. The client
# writes 8 KiB per flush in blocking mode; the accepted side reads from
# channel events in between.
lassign [connected_pair] c a
set size [expr {128 * 1024}]
set data [pattern $size]
drain $a ::got
for {set off 0} {$off < $size} {incr off 8192} {
    set rc [catch {
        puts -nonewline $c [string range $data $off [expr {$off + 8191}]]
        flush $c
    } msg]
    assert_equal 0 $rc "an interrupted send is no error ($msg)"
    set want [expr {min($off + 8192, $size)}]
    wait_until {[string length $::got] >= $want} 5000
}
close $c
wait_for ::got-done 5000
assert_same_bytes $data $::got "the peer received every byte once, in order"
close $a
