# ---
# id: 0819
# title: a server -myaddr name that cannot be resolved fails and creates no server socket
# clauses: [args.unresolvable-host]
# requires: [hermetic-resolver]
# timeout: 10
# ---
set name no-such-host.sockconf.invalid
set before [lsort [chan names]]
set msg [assert_error {couldn't open socket: ?*} {socket -server accept -myaddr $name 0}]
observe error.server-myaddr-unresolvable $msg
assert_equal $before [lsort [chan names]] "no server socket is created"
