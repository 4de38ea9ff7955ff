# ---
# id: 0506
# title: an IPv6 client of a wildcard server yields an accepted channel whose -peername and -sockname are IPv6
# clauses: [option.peername.accepted-triple, option.sockname.accepted-triple, server.dual-stack]
# requires: [dual-stack]
# timeout: 10
# ---
set srv [socket -server {apply {{chan addr port} {set ::accepted [list $chan $addr $port]}}} 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket ::1 $port]
lassign [wait_for ::accepted] chan addr cport
assert_equal ::1 $addr "the callback gets the IPv6 address"
set peer [chan configure $chan -peername]
set own [chan configure $chan -sockname]
assert_equal ::1 [lindex $peer 0] "the accepted channel's peer is IPv6"
assert_equal $cport [lindex $peer 2] "the peer port is the client's port"
assert_equal ::1 [lindex $own 0] "the accepted channel's own address is IPv6, not a wildcard or IPv4"
assert_equal $port [lindex $own 2] "the accepted channel's own port is the server's"
close $c
close $chan
close $srv
