# ---
# id: 0301
# title: a refused -async connect fires the writable event and reports the error through -error
# clauses: [client.async.failure-event, option.error.async-failure, option.connecting.after-completion]
# requires: [ipv4]
# timeout: 10
# readings: [failure-event:writable-on-failure-completed, failure-event:writable-on-failure-maybe-pending, errno-texts:tcl-table, errno-texts:libc-strerror, errno-texts:any]
# ---
# The writable event must fire for a failed attempt. The state may settle on a
# later `chan configure` (reading writable-on-failure-maybe-pending), so
# -connecting is polled, bounded, until 0. The message must be there; its
# text is the implementation's (tclsh 8.6.13: "connection refused"): compared
# and observed.
set port [free_port 127.0.0.1]
set s [socket -async 127.0.0.1 $port]
assert {$s in [chan names]} "-async returns a channel even though the connect will fail"

wait_event $s writable 5000
wait_until {[chan configure $s -connecting] == 0} 5000
set err [chan configure $s -error]
assert {$err ne ""} "-error reports the failure"
compat assert_equal "connection refused" $err "the -error text of tclsh 8.6.13"
observe error.first $err
close $s
