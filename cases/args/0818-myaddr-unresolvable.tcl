# ---
# id: 0818
# title: a client -myaddr name that cannot be resolved fails the command before any connection
# clauses: [client.host.unresolvable-error, args.unresolvable-host, args.failure-leaves-no-channel]
# requires: [ipv4, hermetic-resolver]
# timeout: 10
# ---
set name no-such-host.sockconf.invalid
set srv [socket -server {apply {{chan addr port} {lappend ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set before [lsort [chan names]]
set msg [assert_error -compat-code NONE ?* {socket -myaddr $name 127.0.0.1 $port}]
compat assert_match {couldn't open socket: ?*} $msg "the message form of tclsh 8.6.13"
observe error.myaddr-unresolvable $msg
assert_equal $before [lsort [chan names]] "no client channel is created"
update
assert {![info exists ::accepted]} "no connection reaches the server"
close $srv
