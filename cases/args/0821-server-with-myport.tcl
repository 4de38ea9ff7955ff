# ---
# id: 0821
# title: -myport with a non-zero port together with -server is rejected and no server is made
# clauses: [args.myport-with-server, server.options.myaddr-only]
# requires: [ipv4]
# timeout: 5
# ---
set port [free_port 127.0.0.1]
set before [lsort [chan names]]
assert_error {option -myport is not valid for servers} \
    {socket -server accept -myport $port -myaddr 127.0.0.1 0}
assert_error {option -myport is not valid for servers} \
    {socket -myport $port -server accept 0}
assert_equal $before [lsort [chan names]] "no server socket is created"
# tclsh8.6 only checks a non-zero -myport; record what -myport 0 does.
if {[catch {socket -server accept -myport 0 -myaddr 127.0.0.1 0} s]} {
    observe server.myport-zero rejected
} else {
    observe server.myport-zero accepted
    close $s
}
