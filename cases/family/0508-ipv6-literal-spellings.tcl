# ---
# id: 0508
# title: equivalent spellings of the IPv6 loopback address are accepted as the host
# clauses: [client.host.numeric-ipv6]
# requires: [ipv6]
# timeout: 10
# ---
set srv [socket -server {apply {{chan addr port} {lappend ::accepted $chan}}} -myaddr ::1 0]
set port [lindex [chan configure $srv -sockname] 2]
set n 0
foreach host {::1 0:0:0:0:0:0:0:1 0000:0000:0000:0000:0000:0000:0000:0001 ::0:1} {
    set c [socket $host $port]
    incr n
    wait_until {[info exists ::accepted] && [llength $::accepted] == $n} 5000
    set peer [lindex [chan configure $c -peername] 0]
    assert {$peer in [list ::1 $host]} "connected to ::1 when dialling $host"
    observe peername.$host $peer
    close $c
}
foreach chan $::accepted {close $chan}
close $srv
