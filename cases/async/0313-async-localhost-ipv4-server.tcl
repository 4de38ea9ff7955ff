# ---
# id: 0313
# title: an -async connect to localhost succeeds when the server listens on 127.0.0.1 only
# clauses: [client.async.next-address, client.host.localhost, client.async.verify-success]
# readings: [address-order:resolver-order, address-order:file-order, address-order:v4-first]
# requires: [ipv4, localhost-v4]
# timeout: 10
# ---
# Where localhost also names ::1 and the resolver lists it first, the first
# attempt is refused and the connect must go on to 127.0.0.1 in the background.
set srv [socket -server {apply {{chan addr port} {set ::accepted [list $chan $addr]}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket -async localhost $port]
wait_event $c writable 5000
wait_until {![chan configure $c -connecting]} 5000
assert_equal "" [chan configure $c -error] "the connect succeeded"
set peer [chan configure $c -peername]
assert_equal 127.0.0.1 [lindex $peer 0] "the client is connected to the IPv4 server"
assert_equal $port [lindex $peer 2] "on the server's port"
lassign [wait_for ::accepted 5000] chan addr
close $c
close $chan
close $srv
