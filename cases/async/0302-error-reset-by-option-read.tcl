# ---
# id: 0302
# title: after a failed -async connect the error is reported once; a second read of -error is empty
# clauses: [option.error.reset, option.error.async-failure]
# requires: [ipv4]
# timeout: 10
# readings: [error-reset:option-read-clears, error-reset:both-clear]
# ---
# The manual says the error status is "reset by the read operation". This case
# tests the reading in which reading the -error option is that operation
# (getsockopt SO_ERROR semantics); see spec/ambiguities.yaml, error-reset.
# The other reading is tested in cases/options/.
set port [free_port 127.0.0.1]
set s [socket -async 127.0.0.1 $port]
wait_event $s writable 5000
wait_until {[chan configure $s -connecting] == 0} 5000
set first [chan configure $s -error]
assert {$first ne ""} "the first read of -error reports the failure"
assert_equal "" [chan configure $s -error] "the second read of -error is empty"
observe error.first $first
close $s
