# ---
# id: 0813
# title: a negative port for a client is rejected with an error and creates no channel
# clauses: [args.port.invalid-rejected, args.bad-port, args.error-message-form, args.failure-leaves-no-channel]
# readings: [bad-port-errors:integer-parse, bad-port-errors:per-form]
# timeout: 5
# ---
set before [lsort [chan names]]
set msg [assert_error -compat-code NONE ?* {socket 127.0.0.1 -1}]
compat assert_match {couldn't open socket: ?*} $msg "the message form of tclsh 8.6.13"
observe error.port-negative $msg
assert_equal $before [lsort [chan names]] "no channel is created"
