# ---
# id: 0603
# title: after a failed -async connect, a gets on the channel delivers no data and -error is empty by its second query
# clauses: [option.error.reset, client.async.failed-io-no-data, client.async.io-after-failure]
# readings: [error-reset:option-read-clears, error-reset:both-clear, failed-async-io:enotconn, failed-async-io:connect-error, failed-async-io:eof, errno-texts:tcl-table, errno-texts:libc-strerror, errno-texts:any]
# requires: [ipv4]
# timeout: 10
# ---
# The other reading of "reset by the read operation" (0302 tests the first): here
# the channel is read before -error is queried. ambiguities.yaml error-reset
# accepts option-read-clears (the first -error query still has the message) and
# both-clear (the gets consumed it); it rejects a sticky error. failed-async-io
# accepts an error or an end of file from the gets, never a line; tclsh
# 8.6.13 raises ENOTCONN (compared). Which reading was seen is observed.
set port [free_port 127.0.0.1]
set s [socket -async 127.0.0.1 $port]
wait_event $s writable 5000
wait_until {[chan configure $s -connecting] == 0} 5000
set rc [catch {gets $s} msg opts]
if {!$rc} {
    assert {$msg eq "" && [eof $s]} "without an error, gets reports end of file and no line (got: $msg)"
}
compat assert_equal 1 $rc "tclsh 8.6.13 raises an error"
if {$rc} {
    compat assert_equal {POSIX ENOTCONN {socket is not connected}} [dict get $opts -errorcode] \
        "the -errorcode of tclsh 8.6.13"
    observe error.gets-after-failure [string map [list $s CHAN] $msg]
} else {
    observe error.gets-after-failure eof
}
set first [chan configure $s -error]
set second [chan configure $s -error]
assert_equal "" $second "the error is not sticky: at the latest the second -error query is empty"
observe error-reset.after-gets [expr {$first eq "" ? "both-clear" : "option-read-clears"}]
compat assert_equal "connection refused" $first "tclsh 8.6.13 keeps the error for the first -error query"
observe error.first-after-gets $first
close $s
