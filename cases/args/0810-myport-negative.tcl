# ---
# id: 0810
# title: a negative -myport is rejected with a "couldn't open socket" error and no connection
# clauses: [args.bad-port, args.error-message-form]
# requires: [ipv4]
# timeout: 5
# ---
set srv [socket -server {apply {{chan addr port} {lappend ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set before [lsort [chan names]]
set msg [assert_error {couldn't open socket: *} {socket -myport -1 127.0.0.1 $port}]
observe error.myport-negative $msg
assert_equal $before [lsort [chan names]] "no client channel is created"
update
assert {![info exists ::accepted]} "no connection reaches the server"
close $srv
