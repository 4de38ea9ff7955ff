# ---
# id: 0503
# title: a server with -myaddr ::1 accepts an IPv6 client and refuses one on 127.0.0.1
# clauses: [server.myaddr.numeric, description.protocol.tcp-ipv6, client.connect.refused-error]
# requires: [dual-stack]
# timeout: 10
# ---
set srv [socket -server {apply {{chan addr port} {lappend ::accepted $chan $addr}}} -myaddr ::1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c6 [socket ::1 $port]
wait_until {[info exists ::accepted] && [llength $::accepted] == 2} 5000
assert_equal ::1 [lindex $::accepted 1] "the IPv6 client is accepted"
assert_error -code {POSIX ECONNREFUSED *} \
    -compat-message {couldn't open socket: connection refused} \
    -compat-code {POSIX ECONNREFUSED {connection refused}} ?* {
    socket 127.0.0.1 $port
}
update
assert_equal 2 [llength $::accepted] "no IPv4 connection was accepted"
close $c6
close [lindex $::accepted 0]
close $srv
