# ---
# id: 0808
# title: -myport as the last word, with no port after it, is rejected as a missing option value
# clauses: [args.missing-value]
# timeout: 5
# ---
assert_error {no argument given for -myport option} {socket -myport}
assert_error {no argument given for -myport option} {socket -async -myport}
