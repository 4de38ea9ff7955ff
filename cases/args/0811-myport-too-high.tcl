# ---
# id: 0811
# title: a -myport above 65535 is rejected without connecting
# clauses: [args.port.invalid-rejected, args.bad-port, args.failure-leaves-no-channel]
# readings: [bad-port-errors:integer-parse, bad-port-errors:per-form]
# requires: [ipv4]
# timeout: 5
# ---
set srv [socket -server {apply {{chan addr port} {lappend ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set before [lsort [chan names]]
foreach myport {65536 99999} {
    set msg [assert_error -compat-code NONE \
        -compat-message {couldn't open socket: port number too high} ?* \
        {socket -myport $myport 127.0.0.1 $port}]
}
observe error.myport-too-high $msg
assert_equal $before [lsort [chan names]] "no client channel is created"
update
assert {![info exists ::accepted]} "no connection reaches the server"
close $srv
