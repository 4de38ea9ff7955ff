# ---
# id: 0357
# title: -async to an address whose route is unreachable fails with EHOSTUNREACH, at once or through -error
# clauses: [client.connect.unreachable-error, client.async.early-errors, client.async.failure-event, option.error.async-failure, args.failure-leaves-no-channel]
# readings: [async-sync-failure:sync-for-local-failures, async-sync-failure:always-deferred, errno-texts:tcl-table, errno-texts:libc-strerror, errno-texts:any]
# requires: [unreachable]
# params: [unreach-addr]
# timeout: 10
# ---
# The kernel refuses the connect(2) itself (EHOSTUNREACH from the routing table,
# no packet sent). tclsh8.6 raises it from the socket command; spec/PROFILES.md
# explains why a deferred report is accepted too. The POSIX symbol is
# required; the text is the implementation's (tclsh 8.6.13 "host is
# unreachable", Tcl 9.0.4 "no route to host"): compared and observed.
set addr [param unreach-addr]
set before [lsort [chan names]]
if {[catch {socket -async $addr 80} result opts]} {
    assert {$result ne ""} "the error names the failure"
    assert_match {POSIX E*UNREACH *} [dict get $opts -errorcode] "-errorcode is POSIX EHOSTUNREACH or ENETUNREACH"
    compat assert_equal "couldn't open socket: host is unreachable" $result "the message of tclsh 8.6.13"
    compat assert_equal {POSIX EHOSTUNREACH {host is unreachable}} [dict get $opts -errorcode] \
        "the -errorcode of tclsh 8.6.13"
    assert_equal $before [lsort [chan names]] "no channel is left behind"
    observe async-unreachable.reading sync-for-local-failures
    observe error.async-unreachable $result
} else {
    compat assert 0 "tclsh 8.6.13 raises the error from the socket command"
    set c $result
    wait_event $c writable 5000
    wait_until {[chan configure $c -connecting] == 0} 5000
    set err [chan configure $c -error]
    assert {$err ne ""} "-error names the failure"
    compat assert_equal "host is unreachable" $err "the -error text of tclsh 8.6.13"
    observe async-unreachable.reading always-deferred
    observe error.async-unreachable $err
    close $c
}
