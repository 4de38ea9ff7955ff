# ---
# id: 0213
# title: as root, -myport 1 (a privileged port) is the local port of the connection
# clauses: [client.myport.integer]
# requires: [ipv4, root]
# timeout: 10
# ---
# Port 1 is below 1024, so only root may bind it; nothing listens on the client
# side of a connection, so it is free for this use.
set srv [socket -server {apply {{chan addr port} {set ::accepted [list $chan $port]}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket -myport 1 127.0.0.1 $port]
assert_equal 1 [lindex [chan configure $c -sockname] 2] "-sockname shows local port 1"
lassign [wait_for ::accepted 5000] chan peerport
assert_equal 1 $peerport "the server sees the connection come from port 1"
close $c
close $chan
close $srv
