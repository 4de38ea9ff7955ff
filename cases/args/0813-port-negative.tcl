# ---
# id: 0813
# title: a negative port for a client is rejected with a "couldn't open socket" error
# clauses: [args.bad-port, args.error-message-form]
# timeout: 5
# ---
set before [lsort [chan names]]
set msg [assert_error {couldn't open socket: *} {socket 127.0.0.1 -1}]
observe error.port-negative $msg
assert_equal $before [lsort [chan names]] "no channel is created"
