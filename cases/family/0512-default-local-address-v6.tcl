# ---
# id: 0512
# title: without -myaddr an IPv6 client's -sockname is an IPv6 address with a system-chosen port
# clauses: [client.myaddr.default, option.sockname.client-triple]
# requires: [ipv6]
# timeout: 10
# ---
set srv [socket -server {apply {{chan addr port} {set ::accepted [list $chan $addr $port]}}} -myaddr ::1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket ::1 $port]
lassign [wait_for ::accepted] chan addr cport
lassign [chan configure $c -sockname] own host ownport
assert_equal ::1 $own "the local address of a connection to ::1 is ::1"
assert {[string is integer -strict $ownport] && $ownport > 0} "the system chose a non-zero local port"
assert_equal $cport $ownport "the server sees that port"
close $c
close $chan
close $srv
