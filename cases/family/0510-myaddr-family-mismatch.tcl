# ---
# id: 0510
# title: a client with -myaddr ::1 cannot connect to an IPv4 address and fails with a system error
# clauses: [client.myaddr.numeric, args.error-message-form, args.errorcode-posix]
# requires: [dual-stack]
# timeout: 10
# ---
# No local address of the remote family: tclsh8.6 reports "host is unreachable"
# (POSIX EHOSTUNREACH); any system error is accepted, the text is recorded.
set srv [socket -server {apply {{chan addr port} {lappend ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set before [lsort [chan names]]
set msg [assert_error -code {POSIX *} {couldn't open socket: ?*} {socket -myaddr ::1 127.0.0.1 $port}]
observe error.myaddr-family-mismatch $msg
assert_equal $before [lsort [chan names]] "no client channel is created"
update
assert {![info exists ::accepted]} "no connection reaches the server"
close $srv
