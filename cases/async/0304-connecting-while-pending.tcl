# ---
# id: 0304
# title: -connecting is 1 while an -async connect is still in progress
# clauses: [client.async.connecting-option, client.async.returns-immediately]
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
assert {$::filled > 0} "connects that completed at once reported -connecting 0"

# No event loop runs here, so the queue stays full and the connect pending.
assert_equal 1 [chan configure $c -connecting] "-connecting is 1 while the connect is in progress"
after 300
assert_equal 1 [chan configure $c -connecting] "-connecting stays 1 while nothing has changed"
observe pending.error [chan configure $c -error]
observe pending.peername [chan configure $c -peername]
observe pending.filled $::filled
close $c
close $srv
