# ---
# id: 0356
# title: flush on a nonblocking socket whose connect is held pending returns at once without error
# clauses: [client.async.nonblocking-flush-returns]
# requires: [pending-connect]
# params: [filtered-addr, filtered-port]
# timeout: 10
# ---
set c [socket -async [param filtered-addr] [param filtered-port]]
chan configure $c -blocking 0
puts $c "queued while connecting"
set t0 [clock milliseconds]
set rc [catch {flush $c} msg]
assert {[clock milliseconds] - $t0 < 1000} "flush returned at once"
assert_equal 0 $rc "flush raised no error: $msg"
assert_equal 1 [chan configure $c -connecting] "the connect is still pending"
assert_equal "" [chan configure $c -error] "and nothing has failed"
observe pending.pending-output [chan pending output $c]
close $c
