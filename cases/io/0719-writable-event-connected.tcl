# ---
# id: 0719
# title: a writable event fires on a connected socket with room in its send buffer
# clauses: [description.channel.io, client.connect.read-write]
# requires: [ipv4]
# timeout: 10
# includes: [round-trip.tcl]
# ---
set srv [socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket 127.0.0.1 $port]
wait_for ::accepted
round_trip $c $::accepted
# wait_event is the assertion: it fails when the event does not fire in time.
wait_event $c writable 2000
wait_event $::accepted writable 2000
close $c
close $::accepted
close $srv
