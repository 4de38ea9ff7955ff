# pending.tcl -- include for cases that need an -async connect still in progress,
# which the case can later let through (or refuse) by replacing the server.
# A case names it in its frontmatter:
#     # includes: [pending.tcl]
# and calls `pending_connect PORT`; ::filled is left holding the number of
# queued connections that completed at once. (A connect that only has to stay
# pending, never to finish, is cheaper on a profile's filtered port:
# capability pending-connect, params filtered-addr and filtered-port.)

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
#
#       Linux queues backlog + 1 connections, and the backlog is at most
#       net.core.somaxconn (4096 on a default host, 64 in the namespace
#       profiles): once that many fillers have completed, a connect found in
#       progress is the one the full queue dropped, and is returned at once.
#       One found in progress earlier (a slow handshake, or a server with a
#       smaller backlog) is watched for 200 ms first.
proc pending_connect {port} {
    if {[catch {open /proc/sys/net/core/somaxconn} f]} {
        error "cannot read /proc/sys/net/core/somaxconn to fill a listen queue"
    }
    set max [string trim [read $f]]
    close $f
    set base [expr {10000 + int(rand() * 10000)}]
    set filled 0
    for {set i 0} {$i < 2 * $max + 100} {incr i} {
        if {[catch {socket -async -myaddr 127.0.0.1 -myport [expr {$base + $i}] 127.0.0.1 $port} c]} {
            set c [socket -async 127.0.0.1 $port]
        }
        if {[chan configure $c -connecting] && $filled > $max} {
            set ::filled $filled
            return $c
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
