# ---
# id: 0819
# title: a server -myaddr name that cannot be resolved fails and creates no server socket
# clauses: [server.myaddr.unresolvable-error, args.unresolvable-host, args.failure-leaves-no-channel]
# requires: [hermetic-resolver]
# timeout: 10
# ---
set name no-such-host.sockconf.invalid
set before [lsort [chan names]]
set msg [assert_error -compat-code NONE ?* {socket -server accept -myaddr $name 0}]
compat assert_match {couldn't open socket: ?*} $msg "the message form of tclsh 8.6.13"
observe error.server-myaddr-unresolvable $msg
assert_equal $before [lsort [chan names]] "no server socket is created"
