# ---
# id: 0804
# title: a port that is not a number or is above 65535 is rejected without connecting
# clauses: [args.bad-port]
# timeout: 5
# ---
assert_error -code {TCL VALUE INTEGER} {expected integer but got "abc"} {socket 127.0.0.1 abc}
assert_error {couldn't open socket: port number too high} {socket 127.0.0.1 99999}
assert_error {couldn't open socket: port number too high} {socket -server accept 65536}
