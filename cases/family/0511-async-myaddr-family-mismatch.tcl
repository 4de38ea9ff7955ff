# ---
# id: 0511
# title: an -async client with -myaddr ::1 and an IPv4 host fails, either at once or through -error
# clauses: [client.async.early-errors, client.myaddr.numeric, client.async.failure-event, option.error.async-failure]
# readings: [async-sync-failure:sync-for-local-failures, async-sync-failure:always-deferred, errno-texts:tcl-table, errno-texts:libc-strerror, errno-texts:any]
# requires: [dual-stack]
# timeout: 10
# ---
set srv [socket -server {apply {{chan addr port} {lappend ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
if {[catch {socket -async -myaddr ::1 127.0.0.1 $port} result]} {
    assert {$result ne ""} "the synchronous error names the failure"
    compat assert_equal {couldn't open socket: host is unreachable} $result \
        "the message of tclsh 8.6.13"
    observe async-family-mismatch.reading sync-for-local-failures
    observe error.async-family-mismatch $result
} else {
    compat assert 0 "tclsh 8.6.13 raises the error from the socket command"
    set c $result
    wait_event $c writable 5000
    wait_until {[chan configure $c -connecting] == 0} 5000
    set err [chan configure $c -error]
    assert {$err ne ""} "the deferred failure is reported through -error"
    observe async-family-mismatch.reading always-deferred
    observe error.async-family-mismatch $err
    close $c
}
update
assert {![info exists ::accepted]} "no connection reaches the server"
close $srv
