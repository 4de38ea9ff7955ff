# ---
# id: 0824
# title: an unknown option in the -server form is rejected and no server socket is created
# clauses: [args.synopsis.other-forms-rejected, args.unknown-option, args.failure-leaves-no-channel]
# readings: [extension-options:extensions-allowed]
# timeout: 5
# ---
set before [lsort [chan names]]
set msg [assert_error -compat-code {TCL LOOKUP INDEX option -bogus} \
    -compat-message {bad option "-bogus": must be -async, -myaddr, -myport, or -server} \
    ?* {socket -server accept -bogus 0}]
observe error.server-unknown-option $msg
assert_equal $before [lsort [chan names]] "no server socket is created"
