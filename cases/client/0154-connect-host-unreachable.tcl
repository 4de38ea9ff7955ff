# ---
# id: 0154
# title: a blocking connect to an address with no route fails with a POSIX EHOSTUNREACH error
# clauses: [client.connect.unreachable-error, args.errorcode-posix, args.error-message-form, args.failure-leaves-no-channel]
# readings: [errno-texts:tcl-table, errno-texts:libc-strerror, errno-texts:any]
# requires: [unreachable]
# params: [unreach-addr]
# timeout: 10
# ---
# Profile unreachable routes this address (in its own namespace) to a route of
# type unreachable: the system answers EHOSTUNREACH at once and sends nothing.
# The clause wants EHOSTUNREACH or ENETUNREACH; the text is the
# implementation's (tclsh 8.6.13 "host is unreachable", Tcl 9.0.4 "no route
# to host"): compared and observed.
set addr [param unreach-addr]
set before [lsort [chan names]]
set msg [assert_error -code {POSIX E*UNREACH *} \
    -compat-message {couldn't open socket: host is unreachable} \
    -compat-code {POSIX EHOSTUNREACH {host is unreachable}} ?* {
    socket $addr 80
}]
observe error.unreachable $msg
assert_equal $before [lsort [chan names]] "no channel is left behind"
