# ---
# id: 0815
# title: an empty port is not an integer and is rejected for clients and servers
# clauses: [args.bad-port]
# timeout: 5
# ---
set before [lsort [chan names]]
assert_error -code {TCL VALUE INTEGER} {expected integer but got ""} {socket 127.0.0.1 {}}
assert_error -code {TCL VALUE INTEGER} {expected integer but got ""} {socket -server accept {}}
assert_equal $before [lsort [chan names]] "no channel is created"
