# ---
# id: 0815
# title: an empty port is not a port number and is rejected for clients and servers
# clauses: [args.port.invalid-rejected, args.bad-port, args.failure-leaves-no-channel]
# readings: [bad-port-errors:integer-parse, bad-port-errors:per-form]
# timeout: 5
# ---
# The texts and -errorcode are tclsh 8.6.13's (Tcl 9.0: TCL VALUE NUMBER, and
# "couldn't open socket: invalid port number" for a server): compared, observed.
set before [lsort [chan names]]
set msg [assert_error -compat-code {TCL VALUE INTEGER} \
    -compat-message {expected integer but got ""} ?* {socket 127.0.0.1 {}}]
observe error.port-empty $msg
set msg [assert_error -compat-code {TCL VALUE INTEGER} \
    -compat-message {expected integer but got ""} ?* {socket -server accept {}}]
observe error.server-port-empty $msg
observe errorcode.server-port-empty $::errorCode
assert_equal $before [lsort [chan names]] "no channel is created"
