# ---
# id: 0319
# title: an -async connect goes on to the next address in the background while the script waits in vwait for something else
# clauses: [client.async.next-address, server.accept.automatic]
# readings: [address-order:resolver-order, address-order:file-order]
# requires: [names]
# params: [name-v6-first]
# timeout: 10
# ---
# The name lists ::1 first, where nothing listens; only 127.0.0.1 accepts. The
# script neither watches the client for writable nor queries it: it only waits
# for the server's callback. The manual asks for the event loop to run because
# the connect "may have to do several connection attempts in the background",
# so running it must be enough for the second attempt to reach the server.
set name [param name-v6-first]
set srv [socket -server {apply {{chan addr port} {set ::accepted [list $chan $addr $port]}}} \
    -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket -async $name $port]
lassign [wait_for ::accepted 5000] chan addr peerport
assert_equal 127.0.0.1 $addr "the background attempt to 127.0.0.1 reached the server"
assert_equal 0 [chan configure $c -connecting] "the connect has completed"
assert_equal "" [chan configure $c -error] "and succeeded"
assert_equal $peerport [lindex [chan configure $c -sockname] 2] "through this client's socket"
close $c
close $chan
close $srv
