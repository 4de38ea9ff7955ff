# ---
# id: 0154
# title: a blocking connect to an address with no route fails with "host is unreachable"
# clauses: [client.connect.unreachable-error, args.errorcode-posix]
# requires: [unreachable]
# params: [unreach-addr]
# timeout: 10
# ---
# Profile unreachable routes this address (in its own namespace) to a route of
# type unreachable: the system answers EHOSTUNREACH at once and sends nothing.
set addr [param unreach-addr]
set before [lsort [chan names]]
assert_error -code {POSIX EHOSTUNREACH *} {couldn't open socket: host is unreachable} {
    socket $addr 80
}
assert_equal $before [lsort [chan names]] "no channel is left behind"
