# ---
# id: 0306
# title: gets on a nonblocking socket whose -async connect is in progress returns at once and fblocked is 1
# clauses: [client.async.nonblocking-gets-returns]
# requires: [ipv4]
# timeout: 15
# ---
# A connect held in progress on an ordinary host: the server below does not
# run the event loop, so the connections the system completes for it wait in
# its listen queue. Once that queue is full the system drops further SYNs,
# and the next -async connect stays in progress until the queue drains and
# the SYN is retried (after about 1 s). Every filler connection is closed at
# once on the client side; it still occupies the server's queue.
proc pending_connect {port} {
    if {[catch {
        set f [open /proc/sys/net/core/somaxconn]
        set max [string trim [read $f]]
        close $f
    }]} {
        skip "cannot read /proc/sys/net/core/somaxconn to fill a listen queue"
    }
    for {set i 0} {$i <= $max + 16} {incr i} {
        set c [socket -async 127.0.0.1 $port]
        set deadline [expr {[clock milliseconds] + 200}]
        while {[chan configure $c -connecting] && [clock milliseconds] < $deadline} {
            after 5
        }
        if {[chan configure $c -connecting]} {
            set ::filled $i
            return $c
        }
        close $c
    }
    assert 0 "a connect stays in progress once $max connections fill the listen queue"
}

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
