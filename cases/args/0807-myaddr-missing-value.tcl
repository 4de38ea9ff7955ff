# ---
# id: 0807
# title: -myaddr as the last word, with no address after it, is an error in both forms
# clauses: [args.synopsis.other-forms-rejected, args.missing-value, args.failure-leaves-no-channel]
# timeout: 5
# ---
set before [lsort [chan names]]
foreach line {
    {socket -myaddr}
    {socket -server accept -myaddr}
} {
    assert_error -compat-code NONE \
        -compat-message {no argument given for -myaddr option} ?* $line
}
assert_equal $before [lsort [chan names]] "no channel is created"
