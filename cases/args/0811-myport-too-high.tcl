# ---
# id: 0811
# title: a -myport above 65535 is rejected as "port number too high" without connecting
# clauses: [args.bad-port]
# requires: [ipv4]
# timeout: 5
# ---
set srv [socket -server {apply {{chan addr port} {lappend ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set before [lsort [chan names]]
assert_error {couldn't open socket: port number too high} {socket -myport 65536 127.0.0.1 $port}
assert_error {couldn't open socket: port number too high} {socket -myport 99999 127.0.0.1 $port}
assert_equal $before [lsort [chan names]] "no client channel is created"
update
assert {![info exists ::accepted]} "no connection reaches the server"
close $srv
