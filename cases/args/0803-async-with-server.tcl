# ---
# id: 0803
# title: -async together with -server is rejected as tclsh 8.6.13 does, and a failed command leaves no channel
# clauses: [args.async-with-server, args.failure-leaves-no-channel]
# readings: [server-with-client-options:rejected, server-with-client-options:ignored]
# timeout: 5
# ---
# The manual gives -async only to clients and says nothing of it with -server:
# rejecting it is tclsh 8.6.13's choice (compatibility). Whatever the
# implementation does, a command that fails must not leave a socket behind.
set before [lsort [chan names]]
if {[catch {socket -server accept -async 0} msg opts]} {
    compat assert_equal {cannot set -async option for server sockets} $msg \
        "the message of tclsh 8.6.13"
    compat assert_equal NONE [dict get $opts -errorcode] "the -errorcode of tclsh 8.6.13"
    observe error.async-with-server $msg
    assert_equal $before [lsort [chan names]] "no server socket is left open"
} else {
    compat assert 0 "tclsh 8.6.13 rejects -async with -server (this implementation made $msg)"
    observe error.async-with-server accepted
    close $msg
}
