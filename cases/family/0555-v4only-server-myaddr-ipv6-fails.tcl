# ---
# id: 0555
# title: on a host without IPv6 a server with -myaddr ::1 is an error, not a channel listening nowhere
# clauses: [server.myaddr.missing-family-error, server.bind.partial-success]
# requires: [v4only-host]
# timeout: 10
# ---
set before [lsort [chan names]]
# The text is the implementation's: compared with tclsh 8.6.13's, observed.
set msg [assert_error -compat-message {couldn't open socket: address family not supported by protocol} \
    -compat-code {POSIX EAFNOSUPPORT {address family not supported by protocol}} ?* {
    socket -server {apply {args {}}} -myaddr ::1 0
}]
observe error.server-myaddr-v6-on-v4only $msg
assert_equal $before [lsort [chan names]] "no channel is left behind"
