# ---
# id: 0816
# title: a host name that cannot be resolved fails the connect with "couldn't open socket" and errorcode NONE
# clauses: [args.unresolvable-host, args.errorcode-posix]
# timeout: 10
# ---
set name [param name-unresolvable no-such-host.invalid]
# Names under .invalid (RFC 6761) never resolve. The look-up goes through the
# machine's resolver; on a host without a reachable DNS server it fails at once.
set before [lsort [chan names]]
set t0 [clock milliseconds]
set msg [assert_error -code NONE {couldn't open socket: ?*} {socket $name 80}]
observe error.unresolvable $msg
observe resolve.ms [expr {[clock milliseconds] - $t0}]
assert_equal $before [lsort [chan names]] "no channel is created"
