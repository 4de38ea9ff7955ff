# ---
# id: 0712
# title: a connected socket with no incoming data does not fire a readable event
# clauses: [description.channel.io]
# requires: [ipv4]
# timeout: 10
# includes: [round-trip.tcl]
# ---
set srv [socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket 127.0.0.1 $port]
wait_for ::accepted
round_trip $c $::accepted
set ::fired 0
chan event $c readable {incr ::fired}
after 200 {set ::waited 1}
vwait ::waited
chan event $c readable {}
assert_equal 0 $::fired "no readable event in 200 ms while the peer sends nothing"
# The same handler does fire once data is there, so the silence above was not
# a handler that can never run.
puts $::accepted x
flush $::accepted
wait_event $c readable 5000
close $c
close $::accepted
close $srv
