# ---
# id: 0421
# title: a server given a service name as port listens on the mapped port, and -sockname shows the number
# clauses: [server.port.service-name]
# readings: [service-names:getservbyname]
# requires: [ipv4, service-names, root, well-known-ports-free]
# timeout: 10
# ---
# http is 80/tcp in every services file; binding it needs root, and the
# harness has probed that port 80 on 127.0.0.1 is free (well-known-ports-free).
if {[catch {socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr 127.0.0.1 http} srv opts]} {
    assert 0 "a server on the service name http can be created (error: $srv)"
}
set names [chan configure $srv -sockname]
assert_equal 80 [lindex $names 2] "-sockname shows the port number of http, not the name"
observe sockname.server-http $names

set c [socket 127.0.0.1 80]
wait_for ::accepted 5000
assert_equal 80 [lindex [chan configure $::accepted -sockname] 2] "clients reach the server on port 80"
close $c
close $::accepted
close $srv
