# ---
# id: 0614
# title: a client's -peername names the address it dialled and the port the wildcard server listens on
# clauses: [option.peername.client-triple, server.myaddr.wildcard]
# requires: [ipv4]
# timeout: 10
# ---
set srv [socket -server {apply {{chan addr port} {set ::accepted $chan}}} 0]
set groups [chan configure $srv -sockname]
set port [lindex $groups 2]
set c [socket 127.0.0.1 $port]
wait_for ::accepted
set peer [chan configure $c -peername]
assert_equal 3 [llength $peer] "-peername is a triple"
assert_equal 127.0.0.1 [lindex $peer 0] "the peer address is the one dialled, not the wildcard"
assert_equal $port [lindex $peer 2] "the peer port is the server's port"
assert_equal 127.0.0.1 [lindex [chan configure $::accepted -sockname] 0] \
    "the accepted channel's own address is the dialled one, not the wildcard"
close $c
close $::accepted
close $srv
