# ---
# id: 0805
# title: -server as the last word, with no command after it, is rejected as a missing option value
# clauses: [args.missing-value]
# timeout: 5
# ---
set before [lsort [chan names]]
assert_error {no argument given for -server option} {socket -server}
assert_equal $before [lsort [chan names]] "no channel is created"
