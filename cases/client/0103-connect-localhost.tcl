# ---
# id: 0103
# title: a client connects to the name localhost when a server listens on the wildcard address
# clauses: [client.host.localhost, client.connect.returns-channel]
# timeout: 10
# ---
set srv [socket -server {apply {{chan addr port} {
    set ::accepted [list $chan $addr]
}}} 0]
set port [lindex [chan configure $srv -sockname] 2]

set c [socket localhost $port]
wait_for ::accepted
lassign $::accepted chan addr
assert {$addr in {127.0.0.1 ::1 ::ffff:127.0.0.1}} "the peer of a localhost connection is a loopback address"
assert_equal $port [lindex [chan configure $c -peername] 2] "connected to the server's port"
observe localhost.peer [lindex [chan configure $c -peername] 0]
close $c
close $chan
close $srv
