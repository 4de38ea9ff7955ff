# ---
# id: 0984
# title: 2000 lines written with line buffering, each flushed on its own, arrive whole and in order when every system send takes at most 3 bytes
# clauses: [channel.data.intact, client.connect.read-write]
# requires: [fault-shim, ipv4]
# profiles: [dual]
# faults: [output/client:SHORT=3]
# includes: [faults.tcl]
# timeout: 30
# ---
# With -buffering line every puts is written out at once; the fault shim
# makes each of the client's sends take at most 3 bytes, so every line
# needs several. The accepted side reads from its readable events.
lassign [connected_pair ""] c a
chan configure $c -buffering line
drain $a ::got
set want {}
for {set i 0} {$i < 2000} {incr i} {
    puts $c "line $i"
    append want "line $i\n"
    if {$i % 100 == 99} {
        wait_until {[string length $::got] >= [string length $want]} 5000
    }
}
close $c
wait_for ::got-done 10000
assert_same_bytes $want $::got "every line arrived once, whole and in order"
close $a
