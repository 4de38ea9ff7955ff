# ---
# id: 0504
# title: a server with -myaddr 127.0.0.1 accepts an IPv4 client and refuses one on ::1
# clauses: [server.myaddr.numeric, description.protocol.tcp-ipv4, client.connect.refused-error]
# requires: [dual-stack]
# timeout: 10
# ---
set srv [socket -server {apply {{chan addr port} {lappend ::accepted $chan $addr}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c4 [socket 127.0.0.1 $port]
wait_until {[info exists ::accepted] && [llength $::accepted] == 2} 5000
assert_equal 127.0.0.1 [lindex $::accepted 1] "the IPv4 client is accepted"
assert_error -code {POSIX ECONNREFUSED *} \
    -compat-message {couldn't open socket: connection refused} \
    -compat-code {POSIX ECONNREFUSED {connection refused}} ?* {
    socket ::1 $port
}
update
assert_equal 2 [llength $::accepted] "no IPv6 connection was accepted"
close $c4
close [lindex $::accepted 0]
close $srv
