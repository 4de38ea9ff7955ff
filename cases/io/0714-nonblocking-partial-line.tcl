# ---
# id: 0714
# title: a nonblocking gets on a partial line returns -1 and later returns the completed line
# clauses: [client.sync.switch-nonblocking, description.channel.io]
# requires: [ipv4]
# timeout: 10
# includes: [round-trip.tcl]
# ---
set srv [socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket 127.0.0.1 $port]
wait_for ::accepted
round_trip $c $::accepted
chan configure $c -blocking 0
puts -nonewline $::accepted "first ha"
flush $::accepted
wait_event $c readable 5000
assert_equal -1 [gets $c line] "no complete line yet"
assert_equal 1 [fblocked $c] "fblocked: the rest of the line is awaited"
assert_equal 8 [chan pending input $c] "the partial line is kept in the input buffer"
puts $::accepted "lf"
flush $::accepted
wait_until {[gets $c line] >= 0} 5000
assert_equal "first half" $line "the line is returned whole once complete"
close $c
close $::accepted
close $srv
