# ---
# id: 0310
# title: gets on a blocking socket whose -async connect is in progress waits until the connect fails, then raises an error
# clauses: [client.async.blocking-gets-waits, client.async.io-after-failure]
# readings: [failed-async-io:enotconn, failed-async-io:connect-error]
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

# Closing the server resets its queue; the retried SYN then finds no listener
# and is refused.
close $srv

set t0 [clock milliseconds]
set msg [assert_error {*} {gets $c line}]
observe blocking-gets.waited-ms [expr {[clock milliseconds] - $t0}]
observe blocking-gets.error [string map [list $c CHAN] $msg]
observe blocking-gets.errorcode $::errorCode
assert_equal 0 [chan configure $c -connecting] "gets returned only after the connect had failed"
observe error.after-gets [chan configure $c -error]
close $c
