# ---
# id: 0317
# title: the writable event of an -async socket does not fire while its connect is still in progress
# clauses: [client.async.success-event, client.async.connecting-option]
# requires: [ipv4]
# timeout: 15
# ---
# pending_connect PORT --
#       An -async client socket whose connect to 127.0.0.1:PORT is still in
#       progress. PORT belongs to a server that does not run the event loop, so
#       the connections the system completes for it wait in its listen queue;
#       once that queue is full the system drops further SYNs and the next
#       connect stays in progress until the queue drains and the SYN is retried
#       (after about 1 s). Fillers are closed at once on the client side; they
#       still occupy the server's queue until the server is closed, which resets
#       them. They bind explicit local ports where they can: with many
#       connections on the host, letting the system choose costs far more.
proc pending_connect {port} {
    if {[catch {open /proc/sys/net/core/somaxconn} f]} {
        skip "cannot read /proc/sys/net/core/somaxconn to fill a listen queue"
    }
    set max [string trim [read $f]]
    close $f
    set base [expr {10000 + int(rand() * 10000)}]
    set filled 0
    set t0 [clock milliseconds]
    for {set i 0} {$i < 2 * $max + 100} {incr i} {
        if {$i == 256} {
            set projected [expr {([clock milliseconds] - $t0) * ($max + 1) / 256}]
            if {$projected > 8000} {
                skip "filling a listen queue of $max connections would take about ${projected} ms here"
            }
        }
        if {[catch {socket -async -myaddr 127.0.0.1 -myport [expr {$base + $i}] 127.0.0.1 $port} c]} {
            set c [socket -async 127.0.0.1 $port]
        }
        set deadline [expr {[clock milliseconds] + 200}]
        while {[chan configure $c -connecting] && [clock milliseconds] < $deadline} {
            after 5
        }
        if {[chan configure $c -connecting]} {
            set ::filled $filled
            return $c
        }
        if {[chan configure $c -error] eq ""} {
            incr filled
        }
        close $c
    }
    assert 0 "a connect stays in progress once the listen queue is full ($filled connections made, somaxconn $max)"
}

set srv [socket -server {apply {{chan addr port} {close $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [pending_connect $port]

# Replace the full server by an empty one on the same port: the connect stays
# in progress until its SYN is retried (about 1 s), while the event loop runs.
close $srv
set srv [socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr 127.0.0.1 $port]
set t0 [clock milliseconds]
chan event $c writable [list apply {{c t0} {
    chan event $c writable {}
    set ::first [list [expr {[clock milliseconds] - $t0}] [chan configure $c -connecting] \
        [chan configure $c -error] [chan configure $c -peername]]
}} $c $t0]
lassign [wait_for ::first 10000] after connecting error peer
observe writable.after-ms $after
assert_equal 0 $connecting "in the first writable call the connect has completed"
assert_equal "" $error "and succeeded"
assert_equal $port [lindex $peer 2] "and the socket has its peer"
wait_for ::accepted 5000
close $c
close $::accepted
close $srv
