# ---
# id: 0801
# title: socket with no arguments is a wrong-number-of-arguments error naming both forms
# clauses: [args.wrong-count]
# timeout: 5
# ---
assert_error -code {TCL WRONGARGS} \
    {wrong # args: should be "socket ?-myaddr addr? ?-myport myport? ?-async? host port" or "socket -server command ?-myaddr addr? port"} \
    {socket}
assert_error -code {TCL WRONGARGS} {wrong # args: *} {socket 127.0.0.1}
