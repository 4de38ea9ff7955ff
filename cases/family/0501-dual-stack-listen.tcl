# ---
# id: 0501
# title: one server without -myaddr accepts connections to 127.0.0.1 and to ::1 on the same port
# clauses: [server.dual-stack]
# requires: [dual-stack]
# timeout: 10
# ---
set srv [socket -server {apply {{chan addr port} {
    lappend ::accepted $addr
    close $chan
}}} 0]
set port [lindex [chan configure $srv -sockname] 2]

set c4 [socket 127.0.0.1 $port]
wait_until {[info exists ::accepted] && [llength $::accepted] >= 1} 5000
set c6 [socket ::1 $port]
wait_until {[llength $::accepted] >= 2} 5000

assert_match {*127.0.0.1} [lindex $::accepted 0] "the IPv4 client is accepted"
assert_equal ::1 [lindex $::accepted 1] "the IPv6 client is accepted"
close $c4
close $c6
close $srv
