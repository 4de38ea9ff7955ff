# ---
# id: 0510
# title: a client with -myaddr ::1 cannot connect to an IPv4 address and fails with a system error
# clauses: [client.myaddr.numeric, args.failure-leaves-no-channel, args.error-message-form, args.errorcode-posix]
# readings: [errno-texts:tcl-table, errno-texts:libc-strerror, errno-texts:any]
# requires: [dual-stack]
# timeout: 10
# ---
# No local address of the remote family: the command must fail rather than
# connect from another address. tclsh 8.6.13 reports "host is unreachable"
# (POSIX EHOSTUNREACH, Tcl 9.0.4 "no route to host"); any error is accepted,
# its text and -errorcode compared with tclsh 8.6.13's and observed.
set srv [socket -server {apply {{chan addr port} {lappend ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set before [lsort [chan names]]
set msg [assert_error -compat-message {couldn't open socket: host is unreachable} \
    -compat-code {POSIX EHOSTUNREACH {host is unreachable}} ?* {socket -myaddr ::1 127.0.0.1 $port}]
observe error.myaddr-family-mismatch $msg
assert_equal $before [lsort [chan names]] "no client channel is created"
update
assert {![info exists ::accepted]} "no connection reaches the server"
close $srv
