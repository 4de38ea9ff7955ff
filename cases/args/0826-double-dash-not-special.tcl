# ---
# id: 0826
# title: a double dash is not an end-of-options marker but an unknown option
# clauses: [args.options.exact, args.unknown-option]
# timeout: 5
# ---
assert_error -code {TCL LOOKUP INDEX option --} \
    {bad option "--": must be -async, -myaddr, -myport, or -server} \
    {socket -- 127.0.0.1 80}
