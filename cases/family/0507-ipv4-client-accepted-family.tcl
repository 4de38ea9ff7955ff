# ---
# id: 0507
# title: an IPv4 client of a wildcard server yields an accepted channel whose -peername and -sockname are IPv4
# clauses: [option.peername.accepted-triple, option.sockname.accepted-triple, server.dual-stack]
# requires: [dual-stack]
# timeout: 10
# ---
set srv [socket -server {apply {{chan addr port} {set ::accepted [list $chan $addr $port]}}} 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket 127.0.0.1 $port]
lassign [wait_for ::accepted] chan addr cport
set peer [chan configure $chan -peername]
set own [chan configure $chan -sockname]
assert_equal $addr [lindex $peer 0] "the peer address is the callback's"
assert_match {*127.0.0.1} [lindex $peer 0] "the accepted channel's peer is the IPv4 client"
assert_match {*127.0.0.1} [lindex $own 0] "the accepted channel's own address is IPv4, not ::1 or a wildcard"
assert_equal $port [lindex $own 2] "the accepted channel's own port is the server's"
observe accepted.ipv4-peer [lindex $peer 0]
close $c
close $chan
close $srv
