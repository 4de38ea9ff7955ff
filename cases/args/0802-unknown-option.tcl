# ---
# id: 0802
# title: an unknown option is rejected with the list of valid options
# clauses: [args.unknown-option]
# timeout: 5
# ---
assert_error -code {TCL LOOKUP INDEX option -foo} \
    {bad option "-foo": must be -async, -myaddr, -myport, or -server} \
    {socket -foo bar 127.0.0.1 80}
