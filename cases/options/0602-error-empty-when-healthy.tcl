# ---
# id: 0602
# title: -error is empty on a connected client and on the accepted channel, on every query
# clauses: [option.error.empty-when-healthy]
# readings: [error-after-success:empty]
# requires: [ipv4]
# timeout: 10
# includes: [round-trip.tcl]
# ---
set srv [socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket 127.0.0.1 $port]
wait_for ::accepted
assert_equal "" [chan configure $c -error] "a synchronously connected client has no error"
assert_equal "" [chan configure $c -error] "nor on a second query"
assert_equal "" [chan configure $::accepted -error] "an accepted channel has no error"
# Traffic does not make up an error either.
round_trip $c $::accepted
puts $c hello
flush $c
wait_event $::accepted readable
assert_equal hello [gets $::accepted] "the connection works"
assert_equal "" [chan configure $c -error] "no error after writing"
assert_equal "" [chan configure $::accepted -error] "no error after reading"
close $c
close $::accepted
close $srv
