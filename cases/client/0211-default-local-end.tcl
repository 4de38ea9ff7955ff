# ---
# id: 0211
# title: without -myaddr and -myport the system picks a local address of the peer's family and distinct non-zero ports
# clauses: [client.myaddr.default, client.myport.default]
# requires: [ipv4]
# timeout: 10
# ---
set srv [socket -server {apply {{chan addr port} {lappend ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c1 [socket 127.0.0.1 $port]
set c2 [socket 127.0.0.1 $port]
lassign [chan configure $c1 -sockname] a1 h1 p1
lassign [chan configure $c2 -sockname] a2 h2 p2
assert_match 127.* $a1 "the local address is an IPv4 loopback address"
assert {$p1 > 0 && $p2 > 0} "the system picked non-zero ports"
assert {$p1 != $p2} "two simultaneous connections have different local ports"
assert {$p1 != $port && $p2 != $port} "the local port is not simply the server's"
wait_until {[info exists ::accepted] && [llength $::accepted] == 2} 5000
close $c1
close $c2
foreach a $::accepted {close $a}
close $srv
