# ---
# id: 0808
# title: -myport as the last word, with no port after it, is an error that creates no channel
# clauses: [args.synopsis.other-forms-rejected, args.missing-value, args.failure-leaves-no-channel]
# timeout: 5
# ---
set before [lsort [chan names]]
foreach line {
    {socket -myport}
    {socket -async -myport}
} {
    assert_error -compat-code NONE \
        -compat-message {no argument given for -myport option} ?* $line
}
assert_equal $before [lsort [chan names]] "no channel is created"
