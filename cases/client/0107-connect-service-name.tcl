# ---
# id: 0107
# title: a client given a service name as port connects to the port the name maps to
# clauses: [client.port.service-name]
# readings: [service-names:getservbyname]
# requires: [ipv4, service-names, root, well-known-ports-free]
# timeout: 10
# ---
# echo is 7/tcp in every services file; binding it needs root, and the
# harness has probed that port 7 is free (well-known-ports-free). The listener
# is created with the number, so only the client's handling of the name is
# under test.
set srv [socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr 127.0.0.1 7]
set c [socket 127.0.0.1 echo]
set peer [chan configure $c -peername]
assert_equal 7 [lindex $peer 2] "-peername shows the number the name maps to, not the name"
set a [wait_for ::accepted 5000]
assert_equal [lindex [chan configure $c -sockname] 2] [lindex [chan configure $a -peername] 2] \
    "the connection reached the server on port 7"
close $c
close $a
close $srv
