# ---
# id: 0358
# title: an -async connect answered by ICMPv6 host-unreachable returns a channel and reports the failure through -error
# clauses: [client.async.failure-event, option.error.async-failure, option.connecting.after-completion]
# readings: [failure-event:writable-on-failure-completed, failure-event:writable-on-failure-maybe-pending, errno-texts:tcl-table, errno-texts:libc-strerror, errno-texts:any]
# requires: [unreachable]
# params: [filtered-addr6, reject-port]
# timeout: 10
# ---
# Profile unreachable answers SYNs to this port with an ICMP(v6) host-unreachable
# (nftables reject, inside its namespace). On ::1 the error reaches the socket
# after the call has returned, so it must come through the writable event.
# -error carries no errno symbol: it must be there, its text (tclsh 8.6.13
# "host is unreachable", Tcl 9.0.4 "no route to host") is compared and observed.
set c [socket -async [param filtered-addr6] [param reject-port]]
observe async-icmp.connecting-at-return [chan configure $c -connecting]
wait_event $c writable 5000
wait_until {[chan configure $c -connecting] == 0} 5000
set err [chan configure $c -error]
assert {$err ne ""} "-error reports the failure"
compat assert_equal "host is unreachable" $err "the -error text of tclsh 8.6.13"
observe error.icmp-unreachable $err
close $c
