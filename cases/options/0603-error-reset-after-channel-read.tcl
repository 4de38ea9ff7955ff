# ---
# id: 0603
# title: after a failed -async connect, a gets on the channel raises an error and -error is empty by its second query
# clauses: [option.error.reset, client.async.io-after-failure]
# readings: [error-reset:option-read-clears, error-reset:both-clear, failed-async-io:enotconn, failed-async-io:connect-error]
# requires: [ipv4]
# timeout: 10
# ---
# The other reading of "reset by the read operation" (0302 tests the first): here
# the channel is read before -error is queried. ambiguities.yaml error-reset
# accepts option-read-clears (the first -error query still has the message) and
# both-clear (the gets consumed it); it rejects a sticky error. failed-async-io
# requires the blocking gets to raise an error rather than report a clean line.
set port [free_port 127.0.0.1]
set s [socket -async 127.0.0.1 $port]
wait_event $s writable 5000
wait_until {[chan configure $s -connecting] == 0} 5000
set msg [assert_error {*} {gets $s}]
observe error.gets-after-failure $msg
set first [chan configure $s -error]
set second [chan configure $s -error]
assert_equal "" $second "the error is not sticky: at the latest the second -error query is empty"
observe error-reset.after-gets [expr {$first eq "" ? "both-clear" : "option-read-clears"}]
observe error.first-after-gets $first
close $s
