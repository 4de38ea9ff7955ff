# ---
# id: 0718
# title: chan pending input counts the bytes received but not yet consumed by gets
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
chan configure $c -translation lf
chan configure $::accepted -translation lf
assert_equal 0 [chan pending input $c] "nothing is buffered before data arrives"
puts -nonewline $::accepted "line1\nline2\nrest"
flush $::accepted
wait_event $c readable 5000
assert_equal line1 [gets $c] "the first line"
wait_until {[chan pending input $c] == 10} 5000
assert_equal line2 [gets $c] "the second line comes from the buffer"
assert_equal 4 [chan pending input $c] "four bytes of the unfinished line remain"
close $c
close $::accepted
close $srv
