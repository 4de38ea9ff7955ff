# ---
# id: 0713
# title: a nonblocking read or gets with no data available returns at once with fblocked 1
# clauses: [client.sync.switch-nonblocking, description.channel.io]
# requires: [ipv4]
# timeout: 10
# ---
set srv [socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket 127.0.0.1 $port]
wait_for ::accepted
chan configure $c -blocking 0
assert_equal 0 [chan configure $c -blocking] "the connected client is now nonblocking"
set t0 [clock milliseconds]
assert_equal "" [read $c] "read returns the empty string"
assert_equal 1 [fblocked $c] "fblocked says the read would have blocked"
assert_equal -1 [gets $c line] "gets with a variable returns -1"
assert_equal 1 [fblocked $c] "fblocked again"
assert_equal 0 [eof $c] "this is not end of file"
assert {[clock milliseconds] - $t0 < 1000} "none of these waited"
close $c
close $::accepted
close $srv
