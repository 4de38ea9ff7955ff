# ---
# id: 0403
# title: closing the server stops new connections but leaves accepted channels working
# clauses: [server.close.keeps-accepted, client.connect.refused-error]
# requires: [ipv4]
# timeout: 10
# includes: [round-trip.tcl]
# ---
set srv [socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket 127.0.0.1 $port]
wait_for ::accepted
close $srv
round_trip $c $::accepted

chan configure $c -buffering line
puts $c "still here"
wait_event $::accepted readable
assert_equal "still here" [gets $::accepted] "the accepted channel still reads"
puts $::accepted "and back"
flush $::accepted
wait_event $c readable
assert_equal "and back" [gets $c] "the accepted channel still writes"

assert_error -code {POSIX ECONNREFUSED *} \
    -compat-message {couldn't open socket: connection refused} \
    -compat-code {POSIX ECONNREFUSED {connection refused}} ?* {
    socket 127.0.0.1 $port
}
close $c
close $::accepted
