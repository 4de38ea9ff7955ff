# ---
# id: 0824
# title: an unknown option in the -server form is rejected with the list of valid options
# clauses: [args.unknown-option]
# timeout: 5
# ---
set before [lsort [chan names]]
assert_error -code {TCL LOOKUP INDEX option -bogus} \
    {bad option "-bogus": must be -async, -myaddr, -myport, or -server} \
    {socket -server accept -bogus 0}
assert_equal $before [lsort [chan names]] "no server socket is created"
