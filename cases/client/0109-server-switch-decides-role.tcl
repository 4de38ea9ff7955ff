# ---
# id: 0109
# title: the -server switch alone decides whether the command listens on a port or connects to it
# clauses: [description.mode.server-switch, server.listen.port, client.port.integer]
# requires: [ipv4]
# timeout: 10
# ---
# The same address and port words make a listener with -server and a
# connection without it: the listener accepts the connection, the client has a
# peer, and the listener has none.
set port [free_port 127.0.0.1]
set srv [socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr 127.0.0.1 $port]
assert_equal $port [lindex [chan configure $srv -sockname] 2] "with -server the socket listens on the given port"
assert {[catch {chan configure $srv -peername} v] || $v eq ""} "a listening socket has no peer"

set c [socket -myaddr 127.0.0.1 127.0.0.1 $port]
assert_equal [list 127.0.0.1 $port] [lmap i {0 2} {lindex [chan configure $c -peername] $i}] \
    "without -server the socket is connected to that port"
wait_for ::accepted
assert_equal [lindex [chan configure $c -sockname] 2] [lindex [chan configure $::accepted -peername] 2] \
    "the listener accepted this very client"
close $c
close $::accepted
close $srv
