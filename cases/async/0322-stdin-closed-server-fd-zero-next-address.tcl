# ---
# id: 0322
# title: with standard input closed, a server on descriptor 0 keeps accepting while an -async connect moves on to its second address
# clauses: [client.async.next-address, server.accept.automatic]
# readings: [address-order:resolver-order, address-order:file-order]
# requires: [names]
# params: [name-v6-first]
# timeout: 10
# ---
# Daemons close standard input; the next descriptor the system hands out is 0
# (the lowest free one), here the server's listening socket. The client's
# first attempt (::1, refused) has a file handler of its own, removed when the
# connect moves on to 127.0.0.1; that must not touch the handler of
# descriptor 0.
close stdin
set srv [socket -server {apply {{chan addr port} {set ::accepted [list $chan $addr]}}} \
    -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket -async [param name-v6-first] $port]
lassign [wait_for ::accepted 5000] chan addr
assert_equal 127.0.0.1 $addr "the server accepted the connection to the second address"
wait_until {[chan configure $c -connecting] == 0} 5000
assert_equal "" [chan configure $c -error] "the client's connect succeeded"
close $c
close $chan
close $srv
