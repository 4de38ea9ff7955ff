# ---
# id: 0509
# title: an IPv6 client with -myaddr ::1 is bound to ::1 and seen from ::1 by the server
# clauses: [client.myaddr.numeric, description.protocol.tcp-ipv6]
# requires: [ipv6]
# timeout: 10
# ---
set srv [socket -server {apply {{chan addr port} {set ::accepted [list $chan $addr $port]}}} -myaddr ::1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket -myaddr ::1 ::1 $port]
lassign [wait_for ::accepted] chan addr cport
set own [chan configure $c -sockname]
assert_equal ::1 [lindex $own 0] "-sockname shows the -myaddr address"
assert_equal ::1 $addr "the server sees the client at ::1"
assert_equal [lindex $own 2] $cport "the server sees the client's own port"
close $c
close $chan
close $srv
