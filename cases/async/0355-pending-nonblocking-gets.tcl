# ---
# id: 0355
# title: gets on a nonblocking socket whose connect is held pending returns -1 at once and fblocked is 1
# clauses: [client.async.nonblocking-gets-returns]
# requires: [pending-connect]
# params: [filtered-addr, filtered-port]
# timeout: 10
# ---
set c [socket -async [param filtered-addr] [param filtered-port]]
chan configure $c -blocking 0
assert_equal 1 [chan configure $c -connecting] "the connect is pending"
set t0 [clock milliseconds]
set n [gets $c line]
assert {[clock milliseconds] - $t0 < 1000} "gets returned at once"
assert_equal -1 $n "no line is available"
assert_equal "" $line "the line variable is empty"
assert_equal 1 [fblocked $c] "fblocked reports 1"
assert_equal 0 [eof $c] "a pending connect is not an end of file"
assert_equal 1 [chan configure $c -connecting] "the connect is still pending"
close $c
