# ---
# id: 0301
# title: a refused -async connect fires the writable event and reports the error through -error
# clauses: [client.async.failure-event, option.error.async-failure, option.connecting.after-completion]
# requires: [ipv4]
# timeout: 10
# ---
set port [free_port 127.0.0.1]
set s [socket -async 127.0.0.1 $port]
assert {$s in [chan names]} "-async returns a channel even though the connect will fail"

wait_event $s writable 5000
assert_equal 0 [chan configure $s -connecting] "-connecting is 0 once the attempt has failed"
set err [chan configure $s -error]
assert_equal "connection refused" $err "-error gives the reason of the failure"
observe error.first $err
close $s
