# ---
# id: 0810
# title: a negative -myport is rejected with an error and no connection is made
# clauses: [args.port.invalid-rejected, args.bad-port, args.error-message-form, args.failure-leaves-no-channel]
# readings: [bad-port-errors:integer-parse, bad-port-errors:per-form]
# requires: [ipv4]
# timeout: 5
# ---
# tclsh 8.6.13 hands "-1" to the resolver, whose text follows "couldn't open
# socket: " (glibc: "Servname not supported for ai_socktype"); the form is
# compared, the text observed.
set srv [socket -server {apply {{chan addr port} {lappend ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set before [lsort [chan names]]
set msg [assert_error -compat-code NONE ?* {socket -myport -1 127.0.0.1 $port}]
compat assert_match {couldn't open socket: ?*} $msg "the message form of tclsh 8.6.13"
observe error.myport-negative $msg
assert_equal $before [lsort [chan names]] "no client channel is created"
update
assert {![info exists ::accepted]} "no connection reaches the server"
close $srv
