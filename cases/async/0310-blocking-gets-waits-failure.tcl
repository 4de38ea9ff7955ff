# ---
# id: 0310
# title: gets on a blocking socket whose -async connect is in progress waits until the connect fails, then delivers no data
# clauses: [client.async.blocking-gets-waits, client.async.failed-io-no-data, client.async.io-after-failure]
# readings: [failed-async-io:enotconn, failed-async-io:connect-error, failed-async-io:eof, errno-texts:tcl-table, errno-texts:libc-strerror, errno-texts:any]
# requires: [ipv4]
# timeout: 15
# includes: [pending.tcl]
# profiles: [host, dual]
# ---
# It runs in host (a long listen queue) and dual (a short one) only: its
# connect is let through by the SYN the full queue dropped, which Linux
# sends again after 1 s whatever the profile, and nothing it tests depends
# on the other profiles' addresses or names (spec/PERFORMANCE.md).
set srv [socket -server {apply {{chan addr port} {close $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [pending_connect $port]

# Closing the server resets its queue; the retried SYN then finds no listener
# and is refused.
close $srv

set t0 [clock milliseconds]
set rc [catch {gets $c line} msg opts]
measure blocking-gets.waited-ms [expr {[clock milliseconds] - $t0}]
assert_equal 0 [chan configure $c -connecting] "gets returned only after the connect had failed"
if {!$rc} {
    assert {$msg == -1 && [eof $c]} "without an error, gets reports end of file and no line (got $msg: $line)"
}
# tclsh 8.6.13 raises ENOTCONN (failed-async-io: enotconn); an end of file is
# as faithful to the manual, so the error is compatibility only.
compat assert_equal 1 $rc "tclsh 8.6.13 raises an error"
if {$rc} {
    compat assert_equal {POSIX ENOTCONN {socket is not connected}} [dict get $opts -errorcode] \
        "the -errorcode of tclsh 8.6.13"
    observe blocking-gets.error [string map [list $c CHAN] $msg]
    observe blocking-gets.errorcode [dict get $opts -errorcode]
} else {
    observe blocking-gets.error eof
}
observe error.after-gets [chan configure $c -error]
close $c
