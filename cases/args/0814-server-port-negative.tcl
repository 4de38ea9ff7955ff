# ---
# id: 0814
# title: a negative port for a server is rejected and no server socket is created
# clauses: [args.port.invalid-rejected, args.bad-port, args.failure-leaves-no-channel]
# readings: [extension-options:extensions-allowed, bad-port-errors:integer-parse, bad-port-errors:per-form]
# timeout: 5
# ---
# tclsh 8.6.13 parses "-1" after the command as an option word ("bad option");
# any error is accepted, its text compared with tclsh 8.6.13's and observed.
set before [lsort [chan names]]
set msg [assert_error -compat-code {TCL LOOKUP INDEX option -1} \
    -compat-message {bad option "-1": must be -async, -myaddr, -myport, or -server} \
    ?* {socket -server accept -1}]
observe error.server-port-negative $msg
assert_equal $before [lsort [chan names]] "no server socket is created"
