# ---
# id: 0453
# title: a server on the manual's port 9900 without -myaddr is reached through every local address of both families
# clauses: [server.myaddr.wildcard, server.port.integer, server.dual-stack]
# requires: [multihomed, dual-stack]
# params: [v4-extras, v6-extras]
# timeout: 10
# ---
# A fixed port is safe here: each worker's multihomed profile is its own
# network namespace, so no other run or worker can hold 9900 in it.
set srv [socket -server {apply {{chan addr port} {lappend ::accepted $addr; close $chan}}} 9900]
set n 0
foreach addr [concat 127.0.0.1 [param v4-extras] ::1 [param v6-extras]] {
    set c [socket $addr 9900]
    incr n
    wait_until {[info exists ::accepted] && [llength $::accepted] == $n} 5000
    assert_equal $addr [lindex [chan configure $c -peername] 0] "connected through $addr"
    assert_equal 9900 [lindex [chan configure $c -peername] 2] "on port 9900"
    close $c
}
close $srv
