# ---
# id: 0207
# title: -myport accepts a service name and binds the local end to the port the name maps to
# clauses: [client.myport.service-name]
# readings: [service-names:getservbyname]
# requires: [ipv4, service-names, root, well-known-ports-free]
# timeout: 10
# ---
# discard is 9/tcp in every services file; binding it needs root, and the
# harness has probed that port 9 is free (well-known-ports-free).
set srv [socket -server {apply {{chan addr port} {
    set ::accepted [list $chan $port]
}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket -myaddr 127.0.0.1 -myport discard 127.0.0.1 $port]
lassign [wait_for ::accepted 5000] chan cport
assert_equal 9 [lindex [chan configure $c -sockname] 2] "-sockname shows the number, not the name"
assert_equal 9 $cport "the server's callback gets port 9"
close $c
close $chan
close $srv
