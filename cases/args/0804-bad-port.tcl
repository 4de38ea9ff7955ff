# ---
# id: 0804
# title: a port that is not a number or is above 65535 is rejected without connecting or listening
# clauses: [args.port.invalid-rejected, args.bad-port, args.failure-leaves-no-channel]
# readings: [bad-port-errors:integer-parse, bad-port-errors:per-form]
# timeout: 5
# ---
# The manual's port is an integer port number or a service name; these are
# neither, so the command must fail. Messages and -errorcode are tclsh
# 8.6.13's (Tcl 9.0: TCL VALUE NUMBER, and "invalid port number" for
# servers): compatibility only, observed.
set before [lsort [chan names]]
set msg [assert_error -compat-code {TCL VALUE INTEGER} \
    -compat-message {expected integer but got "abc"} ?* {socket 127.0.0.1 abc}]
observe error.port-not-integer $msg
observe errorcode.port-not-integer $::errorCode
set msg [assert_error -compat-code NONE \
    -compat-message {couldn't open socket: port number too high} ?* {socket 127.0.0.1 99999}]
observe error.port-too-high $msg
set msg [assert_error -compat-code NONE \
    -compat-message {couldn't open socket: port number too high} ?* {socket -server accept 65536}]
observe error.server-port-too-high $msg
set msg [assert_error -compat-code {TCL VALUE INTEGER} \
    -compat-message {expected integer but got "abc"} ?* {socket -server accept abc}]
observe error.server-port-not-integer $msg
observe errorcode.server-port-not-integer $::errorCode
assert_equal $before [lsort [chan names]] "no channel is created"
