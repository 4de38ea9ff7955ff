# ---
# id: 0105
# title: -error is empty on a connected client socket and on its accepted channel, also after data went through
# clauses: [option.error.empty-when-healthy]
# readings: [error-after-success:empty]
# requires: [ipv4]
# timeout: 10
# includes: [round-trip.tcl]
# ---
set srv [socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket 127.0.0.1 $port]
set a [wait_for ::accepted 5000]

assert_equal "" [chan configure $c -error] "a freshly connected client has no error"
assert_equal "" [chan configure $a -error] "a freshly accepted channel has no error"

round_trip $c $a
chan configure $c -buffering line
puts $c ping
wait_event $a readable 5000
gets $a
assert_equal "" [chan configure $c -error] "-error stays empty after writing"
assert_equal "" [chan configure $a -error] "-error stays empty after reading"
close $c
close $a
close $srv
