# ---
# id: 0711
# title: after the client closes its read side it can no longer read but its writes still reach the server
# clauses: [channel.half-close, client.connect.read-write]
# requires: [ipv4, half-close]
# timeout: 10
# includes: [round-trip.tcl]
# ---
set srv [socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket 127.0.0.1 $port]
wait_for ::accepted
round_trip $c $::accepted
close $c read
assert {$c in [chan names]} "the channel stays open after closing one side"
set msg [assert_error {*} {gets $c}]
observe error.gets-after-close-read $msg
puts $c "still writing"
flush $c
wait_event $::accepted readable
assert_equal "still writing" [gets $::accepted] "the write side keeps working"
close $c
close $::accepted
close $srv
