# ---
# id: 0359
# title: a blocking gets on an -async socket waits until its connect has failed, then delivers no data
# clauses: [client.async.returns-immediately, client.async.blocking-gets-waits, client.async.failed-io-no-data, client.async.io-after-failure]
# readings: [failed-async-io:enotconn, failed-async-io:connect-error, failed-async-io:eof, error-reset:option-read-clears, error-reset:both-clear, errno-texts:tcl-table, errno-texts:libc-strerror, errno-texts:any]
# requires: [unreachable]
# params: [filtered-addr6, reject-port]
# timeout: 10
# ---
# Profile unreachable answers SYNs to this port on ::1 with ICMPv6
# host-unreachable. The kernel reports it about a second after the SYN
# (tclsh 8.6.13, Tcl 9.0.4 and refsock: -connecting 1 at return, the failure
# after 1.0 s), so an -async socket that returns at once cannot know the
# outcome yet, and gets has something to wait for.
set c [socket -async [param filtered-addr6] [param reject-port]]
assert_equal 1 [chan configure $c -connecting] "the -async connect is still in progress when socket returns"
set rc [catch {gets $c} msg opts]
assert_equal 0 [chan configure $c -connecting] "gets returned only once the connect had finished"
if {!$rc} {
    assert {$msg eq "" && [eof $c]} "without an error, gets reports end of file and no line (got: $msg)"
}
compat assert_equal 1 $rc "tclsh 8.6.13 raises an error (got: $msg)"
if {$rc} {
    compat assert_equal {POSIX ENOTCONN {socket is not connected}} [dict get $opts -errorcode] \
        "the -errorcode of tclsh 8.6.13"
    observe blocking-gets.error [string map [list $c CHAN] $msg]
    observe blocking-gets.errorcode [dict get $opts -errorcode]
} else {
    observe blocking-gets.error eof
}
# The gets may have consumed the pending error (error-reset: both-clear), so
# -error is only compared: tclsh 8.6.13 still reports the failure here.
set err [chan configure $c -error]
compat assert_equal "host is unreachable" $err "the -error text of tclsh 8.6.13"
observe error.after-gets $err
close $c
