# ---
# id: 0816
# title: a host name that cannot be resolved fails the connect with an error and creates no channel
# clauses: [client.host.unresolvable-error, args.unresolvable-host, args.errorcode-posix, args.failure-leaves-no-channel]
# requires: [hermetic-resolver]
# timeout: 10
# ---
set name no-such-host.sockconf.invalid
# Names under .invalid (RFC 6761) never resolve. The case needs a files-only
# resolver (hermetic-resolver) so that the look-up never becomes a DNS query.
# tclsh 8.6.13 reports "couldn't open socket: " and the resolver's text with
# -errorcode NONE: compatibility; the text (the resolver's) is observed.
set before [lsort [chan names]]
set t0 [clock milliseconds]
set msg [assert_error -compat-code NONE ?* {socket $name 80}]
measure resolve.ms [expr {[clock milliseconds] - $t0}]
compat assert_match {couldn't open socket: ?*} $msg "the message form of tclsh 8.6.13"
observe error.unresolvable $msg
assert_equal $before [lsort [chan names]] "no channel is created"
