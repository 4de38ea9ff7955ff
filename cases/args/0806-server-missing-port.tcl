# ---
# id: 0806
# title: socket -server with a command but no port is a wrong-number-of-arguments error
# clauses: [args.wrong-count]
# timeout: 5
# ---
set before [lsort [chan names]]
assert_error -code {TCL WRONGARGS} {wrong # args: should be "socket *"} {socket -server accept}
assert_error -code {TCL WRONGARGS} {wrong # args: should be "socket *"} \
    {socket -server accept -myaddr 127.0.0.1}
assert_equal $before [lsort [chan names]] "no server socket is created"
