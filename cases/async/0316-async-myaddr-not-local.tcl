# ---
# id: 0316
# title: an -async connect with a -myaddr that is not local fails, at once or through -error, and never connects
# clauses: [client.async.early-errors, client.myaddr.not-local-error, client.myaddr.numeric, args.errorcode-posix]
# readings: [async-sync-failure:sync-for-local-failures, async-sync-failure:always-deferred]
# requires: [ipv4, test-net-not-local]
# timeout: 10
# ---
# 198.51.100.1 (TEST-NET-2) is never contacted: binding it fails before any
# packet, and the destination is a loopback server. The harness has probed
# that the host does not own the address (test-net-not-local).
set srv [socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
if {[catch {socket -async -myaddr 198.51.100.1 127.0.0.1 $port} c opts]} {
    observe async-sync-failure.reading sync-for-local-failures
    observe error.async-myaddr-not-local $c
    assert_match {POSIX EADDRNOTAVAIL *} [dict get $opts -errorcode] "the error is the bind's"
    compat assert_equal "couldn't open socket: cannot assign requested address" $c \
        "the message of tclsh 8.6.13"
} else {
    compat assert 0 "tclsh 8.6.13 raises the bind's error from the socket command"
    wait_event $c writable 5000
    wait_until {![chan configure $c -connecting]} 5000
    set err [chan configure $c -error]
    observe async-sync-failure.reading always-deferred
    observe error.async-myaddr-not-local $err
    assert {$err ne ""} "the failure is reported through -error"
    close $c
}
after 100 {set ::settled 1}
vwait ::settled
assert {![info exists ::accepted]} "no connection was made from another local address"
close $srv
