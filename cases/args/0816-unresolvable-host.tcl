# ---
# id: 0816
# title: a host name that cannot be resolved fails the connect with "couldn't open socket" and errorcode NONE
# clauses: [args.unresolvable-host, args.errorcode-posix]
# requires: [hermetic-resolver]
# timeout: 10
# ---
set name no-such-host.sockconf.invalid
# Names under .invalid (RFC 6761) never resolve. The case needs a files-only
# resolver (hermetic-resolver) so that the look-up never becomes a DNS query.
set before [lsort [chan names]]
set t0 [clock milliseconds]
set msg [assert_error -code NONE {couldn't open socket: ?*} {socket $name 80}]
observe error.unresolvable $msg
measure resolve.ms [expr {[clock milliseconds] - $t0}]
assert_equal $before [lsort [chan names]] "no channel is created"
