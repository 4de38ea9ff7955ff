# ---
# id: 0817
# title: -async with a host name that cannot be resolved fails, either at once or through -error
# clauses: [client.async.early-errors, client.async.failure-event, option.error.async-failure, args.failure-leaves-no-channel, args.unresolvable-host]
# requires: [hermetic-resolver]
# readings: [async-sync-failure:sync-for-local-failures, async-sync-failure:always-deferred]
# timeout: 10
# ---
set name no-such-host.sockconf.invalid
# tclsh8.6 raises the error from the socket command itself; ambiguities.yaml
# (async-sync-failure) also accepts a channel whose connect then fails.
set before [lsort [chan names]]
if {[catch {socket -async $name 80} result]} {
    assert {$result ne ""} "the synchronous error names the failure"
    compat assert_match {couldn't open socket: ?*} $result "the message form of tclsh 8.6.13"
    assert_equal $before [lsort [chan names]] "no channel is left behind"
    observe async-unresolvable.reading sync-for-local-failures
    observe error.async-unresolvable $result
} else {
    compat assert 0 "tclsh 8.6.13 raises the error from the socket command"
    set c $result
    wait_event $c writable 5000
    wait_until {[chan configure $c -connecting] == 0} 5000
    set err [chan configure $c -error]
    assert {$err ne ""} "the deferred failure is reported through -error"
    observe async-unresolvable.reading always-deferred
    observe error.async-unresolvable $err
    close $c
}
