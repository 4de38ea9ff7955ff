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
puts $c "early bird"
flush $c
assert {![info exists ::accepted]} "no event loop has run yet, so nothing was accepted"
wait_for ::accepted
wait_event $::accepted readable 5000
assert_equal "early bird" [gets $::accepted] "the data sent before the accept is not lost"
close $c
close $::accepted
close $srv
