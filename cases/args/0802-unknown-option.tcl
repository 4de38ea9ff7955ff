# ---
# id: 0802
# title: an unknown option is rejected with an error and no connection is made
# clauses: [args.synopsis.other-forms-rejected, args.unknown-option, args.failure-leaves-no-channel]
# readings: [extension-options:extensions-allowed]
# timeout: 5
# ---
# -foo is an option of no implementation. The message lists the options the
# implementation has, which is its own business (Tcl 9.0 adds -backlog,
# -reuseaddr and -reuseport): compared with tclsh 8.6.13's and observed.
set before [lsort [chan names]]
set msg [assert_error -compat-code {TCL LOOKUP INDEX option -foo} \
    -compat-message {bad option "-foo": must be -async, -myaddr, -myport, or -server} \
    ?* {socket -foo bar 127.0.0.1 80}]
observe error.unknown-option $msg
assert_equal $before [lsort [chan names]] "no channel is created"
