# ---
# id: 0821
# title: -myport with a non-zero port together with -server is rejected as tclsh 8.6.13 does, and a failure leaves no channel
# clauses: [args.myport-with-server, server.options.myaddr-only, args.failure-leaves-no-channel]
# readings: [server-with-client-options:rejected, server-with-client-options:ignored]
# requires: [ipv4]
# timeout: 5
# ---
# The manual gives servers only -myaddr; what -myport does there is the
# implementation's choice. tclsh 8.6.13 rejects a non-zero -myport in either
# order and accepts -myport 0 (compatibility, observed). A command that fails
# must leave no channel behind.
set port [free_port 127.0.0.1]
set before [lsort [chan names]]
foreach line [list \
        [list socket -server accept -myport $port -myaddr 127.0.0.1 0] \
        [list socket -myport $port -server accept 0]] {
    if {[catch $line msg opts]} {
        compat assert_equal {option -myport is not valid for servers} $msg \
            "the message of tclsh 8.6.13"
        assert_equal $before [lsort [chan names]] "no server socket is created"
        observe server.myport-nonzero rejected
    } else {
        compat assert 0 "tclsh 8.6.13 rejects a non-zero -myport with -server"
        observe server.myport-nonzero accepted
        close $msg
    }
}
if {[catch {socket -server accept -myport 0 -myaddr 127.0.0.1 0} s]} {
    compat assert 0 "tclsh 8.6.13 accepts -myport 0 with -server ($s)"
    observe server.myport-zero rejected
} else {
    observe server.myport-zero accepted
    close $s
}
