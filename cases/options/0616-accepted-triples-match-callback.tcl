# ---
# id: 0616
# title: an accepted channel's -peername is the callback's address and port, its -sockname the server's address and port
# clauses: [option.peername.accepted-triple, option.sockname.accepted-triple, server.accept.client-port]
# requires: [ipv4]
# timeout: 10
# ---
set srv [socket -server {apply {{chan addr port} {set ::accepted [list $chan $addr $port]}}} \
    -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket 127.0.0.1 $port]
lassign [wait_for ::accepted] chan addr cport
set peer [chan configure $chan -peername]
set own [chan configure $chan -sockname]
assert_equal 3 [llength $peer] "-peername of the accepted channel is a triple"
assert_equal 3 [llength $own] "-sockname of the accepted channel is a triple"
assert_equal $addr [lindex $peer 0] "peer address = the callback's address"
assert_equal $cport [lindex $peer 2] "peer port = the callback's port"
assert_equal [lindex [chan configure $c -sockname] 2] [lindex $peer 2] "peer port = the client's own port"
assert_equal 127.0.0.1 [lindex $own 0] "own address = the server's address"
assert_equal $port [lindex $own 2] "own port = the server's port"
close $c
close $chan
close $srv
