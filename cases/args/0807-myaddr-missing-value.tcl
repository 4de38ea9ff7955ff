# ---
# id: 0807
# title: -myaddr as the last word, with no address after it, is rejected as a missing option value
# clauses: [args.missing-value]
# timeout: 5
# ---
assert_error {no argument given for -myaddr option} {socket -myaddr}
assert_error {no argument given for -myaddr option} {socket -server accept -myaddr}
