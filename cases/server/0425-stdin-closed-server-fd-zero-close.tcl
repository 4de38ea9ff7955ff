# ---
# id: 0425
# title: with standard input closed, a server on descriptor 0 accepts, and closing it stops accepting like any other
# clauses: [server.close.stops-accepting, server.accept.automatic]
# requires: [ipv4]
# timeout: 10
# ---
# Daemons close standard input; the next descriptor the system hands out is 0
# (the lowest free one), here the server's listening socket. Descriptor 0 is a
# descriptor like any other: closing the server must close it.
close stdin
set srv [socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket 127.0.0.1 $port]
wait_for ::accepted 5000
close $::accepted
close $c
close $srv
assert_error -code {POSIX ECONNREFUSED *} "*" {
    socket 127.0.0.1 $port
}
