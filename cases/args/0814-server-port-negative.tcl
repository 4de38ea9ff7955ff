# ---
# id: 0814
# title: a negative port for a server is rejected and no server socket is created
# clauses: [args.bad-port]
# timeout: 5
# ---
# tclsh8.6 parses "-1" after the command as an option word ("bad option"); any error
# is accepted, the text is recorded.
set before [lsort [chan names]]
set msg [assert_error {*} {socket -server accept -1}]
observe error.server-port-negative $msg
assert_equal $before [lsort [chan names]] "no server socket is created"
