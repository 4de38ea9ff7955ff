# ---
# id: 0722
# title: data a client sends before the server's event loop has accepted it is read on the accepted channel
# clauses: [server.accepted.read-write, client.connect.read-write]
# requires: [ipv4]
# timeout: 10
# ---
set srv [socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket 127.0.0.1 $port]
# The client writes without blocking: a transport with a handshake (TLS) can
# send the line only once the server has accepted and answered, which needs
# the event loop; a plain socket hands it to the system at once.
chan configure $c -blocking 0
puts $c "early bird"
flush $c
assert {![info exists ::accepted]} "no event loop has run yet, so nothing was accepted"
wait_for ::accepted
chan configure $::accepted -blocking 0
wait_until {[gets $::accepted line] >= 0} 5000
assert_equal "early bird" $line "the data sent before the accept is not lost"
close $c
close $::accepted
close $srv
