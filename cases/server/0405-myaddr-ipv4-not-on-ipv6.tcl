# ---
# id: 0405
# title: a server with -myaddr 127.0.0.1 is not reachable through ::1 on the same port
# clauses: [server.myaddr.numeric, client.connect.refused-error]
# requires: [ipv4, ipv6]
# timeout: 10
# ---
set srv [socket -server {apply {{chan addr port} {
    lappend ::accepted $addr
    close $chan
}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]

set msg [assert_error -code {POSIX ECONNREFUSED *} \
    -compat-message {couldn't open socket: connection refused} \
    -compat-code {POSIX ECONNREFUSED {connection refused}} ?* {
    socket ::1 $port
}]
observe error.ipv6-to-ipv4-only-server $msg

set c [socket 127.0.0.1 $port]
wait_until {[info exists ::accepted]} 5000
assert_equal {127.0.0.1} $::accepted "only the connection to 127.0.0.1 reaches the callback"
close $c
close $srv
