# ---
# id: 0306
# title: gets on a nonblocking socket whose -async connect is in progress returns at once and fblocked is 1
# clauses: [client.async.nonblocking-gets-returns]
# requires: [ipv4]
# timeout: 15
# includes: [pending.tcl]
# ---
set srv [socket -server {apply {{chan addr port} {close $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [pending_connect $port]
chan configure $c -blocking 0

set t0 [clock milliseconds]
set n [gets $c line]
set took [expr {[clock milliseconds] - $t0}]
assert_equal -1 $n "gets returns -1: no line"
assert_equal "" $line "and stores no text"
assert {$took < 500} "gets returned at once, not when the connect finished (took ${took}ms)"
assert_equal 1 [fblocked $c] "fblocked reports 1"
assert_equal 0 [eof $c] "a pending connect is not an end of file"
assert_equal 1 [chan configure $c -connecting] "the connect was indeed still in progress"
close $c
close $srv
