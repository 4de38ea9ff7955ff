# ---
# id: 0312
# title: without the event loop, polling -connecting drives an -async connect that was in progress to its failure, reported by -error
# clauses: [client.async.no-event-loop, option.error.async-failure, option.connecting.after-completion]
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

# Closing the server resets its queue; the retried SYN is refused.
close $srv

set deadline [expr {[clock milliseconds] + 10000}]
set polls 0
while {[chan configure $c -connecting] && [clock milliseconds] < $deadline} {
    incr polls
    after 20
}
observe no-event-loop.polls $polls
assert_equal 0 [chan configure $c -connecting] "polling alone brings -connecting to 0"
set err [chan configure $c -error]
assert {$err ne ""} "-error reports the failure"
observe error.refused-after-pending $err
close $c
