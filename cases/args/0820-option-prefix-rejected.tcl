# ---
# id: 0820
# title: option names must be spelt out, unique prefixes such as -asy and ambiguous ones such as -my are bad options
# clauses: [args.options.exact, args.unknown-option]
# timeout: 5
# ---
assert_error -code {TCL LOOKUP INDEX option -asy} \
    {bad option "-asy": must be -async, -myaddr, -myport, or -server} \
    {socket -asy 127.0.0.1 80}
assert_error -code {TCL LOOKUP INDEX option -my} \
    {bad option "-my": must be -async, -myaddr, -myport, or -server} \
    {socket -my 127.0.0.1 127.0.0.1 80}
assert_error -code {TCL LOOKUP INDEX option -serv} \
    {bad option "-serv": must be -async, -myaddr, -myport, or -server} \
    {socket -serv accept 0}
