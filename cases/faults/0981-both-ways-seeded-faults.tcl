# ---
# id: 0981
# title: 512 KiB sent each way at once over non-blocking sockets arrive intact although a seeded share of every send and receive falls short or is refused (EAGAIN)
# clauses: [channel.data.intact, channel.nonblocking.background-flush, client.sync.switch-nonblocking, server.accepted.read-write]
# requires: [fault-shim, ipv4]
# profiles: [dual]
# faults: ["output:EAGAIN:p=20", "output:SHORT=333:p=30", "input:EAGAIN:p=20", "input:SHORT=77:p=30"]
# includes: [faults.tcl]
# timeout: 30
# ---
# Both ends write and read at the same time, as 0715 does, with the fault
# shim altering calls of both descriptors at random: 20 % of the sends are
# refused and 30 % of the rest take at most 333 bytes; 20 % of the receives
# find nothing and 30 % of the rest return at most 77 bytes. The draws come from SOCKCONF_FAULT_SEED (0 unless
# set), so a run repeats exactly.
lassign [connected_pair] c a
set size [expr {512 * 1024}]
set up [pattern $size]
set down [string reverse $up]
foreach {chan key} [list $c client $a server] {
    chan configure $chan -blocking 0 -buffering full
}
drain $a ::atserver
drain $c ::atclient
puts -nonewline $c $up
flush $c
puts -nonewline $a $down
flush $a
wait_until {[string length $::atserver] >= $size && [string length $::atclient] >= $size} 20000
assert_same_bytes $up $::atserver "client to server: every byte once, in order"
assert_same_bytes $down $::atclient "server to client: every byte once, in order"
close $c
close $a
