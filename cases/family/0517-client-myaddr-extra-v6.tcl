# ---
# id: 0517
# title: an IPv6 client with -myaddr set to a second local IPv6 address is seen by the server from that address
# clauses: [client.myaddr.numeric, description.protocol.tcp-ipv6]
# requires: [multihomed, ipv6]
# params: [v6-extra]
# timeout: 10
# ---
set addr [param v6-extra]
set srv [socket -server {apply {{chan addr port} {set ::accepted [list $chan $addr $port]}}} -myaddr ::1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket -myaddr $addr ::1 $port]
lassign [wait_for ::accepted] chan peer cport
assert_equal $addr [lindex [chan configure $c -sockname] 0] "-sockname shows the -myaddr address"
assert_equal $addr $peer "the server sees the client at the -myaddr address, not ::1"
assert_equal $addr [lindex [chan configure $chan -peername] 0] "so does the accepted channel's -peername"
assert_equal [lindex [chan configure $c -sockname] 2] $cport "and the client's port"
close $c
close $chan
close $srv
