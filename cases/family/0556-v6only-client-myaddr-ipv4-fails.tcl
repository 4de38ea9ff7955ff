# ---
# id: 0556
# title: on a host without IPv4 a client with -myaddr 127.0.0.1 fails with an error and leaves no channel
# clauses: [client.myaddr.missing-family-error, client.myaddr.numeric]
# readings: [errno-texts:tcl-table, errno-texts:libc-strerror, errno-texts:any]
# requires: [v6only-host]
# timeout: 10
# ---
set srv [socket -server {apply {{chan addr port} {close $chan}}} -myaddr ::1 0]
set port [lindex [chan configure $srv -sockname] 2]
set before [lsort [chan names]]
# The text is the implementation's: compared with tclsh 8.6.13's, observed.
set msg [assert_error -compat-message {couldn't open socket: host is unreachable} \
    -compat-code {POSIX EHOSTUNREACH {host is unreachable}} ?* {
    socket -myaddr 127.0.0.1 ::1 $port
}]
observe error.client-myaddr-v4-on-v6only $msg
assert_equal $before [lsort [chan names]] "no channel is left behind"
close $srv
