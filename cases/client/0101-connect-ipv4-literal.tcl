# ---
# id: 0101
# title: a client connects to a numeric IPv4 address and the channel carries data both ways
# clauses: [client.connect.returns-channel, client.connect.read-write, client.host.numeric-ipv4, client.port.integer]
# requires: [ipv4]
# timeout: 10
# includes: [round-trip.tcl]
# ---
set srv [socket -server {apply {{chan addr port} {
    chan configure $chan -buffering line
    set ::accepted $chan
}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]

set c [socket 127.0.0.1 $port]
assert {$c in [chan names]} "socket returns the name of an open channel"
wait_for ::accepted
round_trip $c $::accepted
chan configure $c -buffering line

puts $c "from client"
wait_event $::accepted readable
assert_equal "from client" [gets $::accepted] "the server reads what the client wrote"

puts $::accepted "from server"
wait_event $c readable
assert_equal "from server" [gets $c] "the client reads what the server wrote"

close $c
close $::accepted
close $srv
