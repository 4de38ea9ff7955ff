# ---
# id: 0809
# title: a -myport value that is not an integer or a service name is rejected before connecting
# clauses: [args.port.invalid-rejected, args.bad-port, args.failure-leaves-no-channel]
# readings: [bad-port-errors:integer-parse, bad-port-errors:per-form]
# requires: [ipv4]
# timeout: 5
# ---
set srv [socket -server {apply {{chan addr port} {lappend ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set before [lsort [chan names]]
set msg [assert_error -compat-code {TCL VALUE INTEGER} \
    -compat-message {expected integer but got "12ab"} ?* {socket -myport 12ab 127.0.0.1 $port}]
observe error.myport-not-integer $msg
observe errorcode.myport-not-integer $::errorCode
assert_error -compat-code {TCL VALUE INTEGER} \
    -compat-message {expected integer but got ""} ?* {socket -myport {} 127.0.0.1 $port}
assert_equal $before [lsort [chan names]] "no client channel is created"
update
assert {![info exists ::accepted]} "no connection reaches the server"
close $srv
