# ---
# id: 0556
# title: on a host without IPv4 a client with -myaddr 127.0.0.1 fails with an error and leaves no channel
# clauses: [client.myaddr.missing-family-error, client.myaddr.numeric]
# requires: [v6only-host]
# timeout: 10
# ---
set srv [socket -server {apply {{chan addr port} {close $chan}}} -myaddr ::1 0]
set port [lindex [chan configure $srv -sockname] 2]
set before [lsort [chan names]]
set msg [assert_error {couldn't open socket: *} {
    socket -myaddr 127.0.0.1 ::1 $port
}]
observe error.client-myaddr-v4-on-v6only $msg
assert_equal $before [lsort [chan names]] "no channel is left behind"
close $srv
