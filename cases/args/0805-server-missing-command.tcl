# ---
# id: 0805
# title: -server as the last word, with no command after it, is an error that creates no channel
# clauses: [args.synopsis.other-forms-rejected, args.missing-value, args.failure-leaves-no-channel]
# timeout: 5
# ---
set before [lsort [chan names]]
set msg [assert_error -compat-code NONE \
    -compat-message {no argument given for -server option} ?* {socket -server}]
observe error.server-missing-command $msg
assert_equal $before [lsort [chan names]] "no channel is created"
