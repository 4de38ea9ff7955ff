# ---
# id: 0422
# title: a server with -myaddr 127.0.0.1 is not reachable through 127.0.0.2 on the same port
# clauses: [server.myaddr.numeric, client.connect.refused-error]
# requires: [ipv4, loopback-range]
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
    socket 127.0.0.2 $port
}]
observe error.other-loopback $msg

set c [socket 127.0.0.1 $port]
wait_until {[info exists ::accepted]} 5000
assert_equal {127.0.0.1} $::accepted "only the connection to 127.0.0.1 reaches the callback"
close $c
close $srv
