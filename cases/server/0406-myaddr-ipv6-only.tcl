# ---
# id: 0406
# title: a server with -myaddr ::1 listens on ::1 only and refuses connections to 127.0.0.1
# clauses: [server.myaddr.numeric, description.protocol.tcp-ipv6, option.sockname.server-single-group, client.connect.refused-error]
# requires: [ipv4, ipv6]
# timeout: 10
# ---
set srv [socket -server {apply {{chan addr port} {
    lappend ::accepted $addr
    close $chan
}}} -myaddr ::1 0]
set names [chan configure $srv -sockname]
assert_equal 3 [llength $names] "-sockname has one address/name/port group"
assert_equal ::1 [lindex $names 0] "the server is bound to ::1"
set port [lindex $names 2]

set msg [assert_error -code {POSIX ECONNREFUSED *} \
    -compat-message {couldn't open socket: connection refused} \
    -compat-code {POSIX ECONNREFUSED {connection refused}} ?* {
    socket 127.0.0.1 $port
}]
observe error.ipv4-to-ipv6-only-server $msg

set c [socket ::1 $port]
wait_until {[info exists ::accepted]} 5000
assert_equal {::1} $::accepted "the connection to ::1 is accepted and reported as ::1"
close $c
close $srv
