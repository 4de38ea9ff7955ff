# ---
# id: 0357
# title: -async to an address whose route is unreachable fails with "host is unreachable", at once or through -error
# clauses: [client.async.early-errors, client.async.failure-event, option.error.async-failure]
# readings: [async-sync-failure:sync-for-local-failures, async-sync-failure:always-deferred]
# requires: [unreachable]
# params: [unreach-addr]
# timeout: 10
# ---
# The kernel refuses the connect(2) itself (EHOSTUNREACH from the routing table,
# no packet sent). tclsh8.6 raises it from the socket command; spec/PROFILES.md
# explains why a deferred report is accepted too.
set addr [param unreach-addr]
set before [lsort [chan names]]
if {[catch {socket -async $addr 80} result opts]} {
    assert_equal "couldn't open socket: host is unreachable" $result "the error names the failure"
    assert_match {POSIX EHOSTUNREACH *} [dict get $opts -errorcode] "-errorcode is POSIX EHOSTUNREACH"
    assert_equal $before [lsort [chan names]] "no channel is left behind"
    observe async-unreachable.reading sync-for-local-failures
} else {
    set c $result
    wait_event $c writable 5000
    wait_until {[chan configure $c -connecting] == 0} 5000
    assert_equal "host is unreachable" [chan configure $c -error] "-error names the failure"
    observe async-unreachable.reading always-deferred
    close $c
}
