# ---
# id: 0988
# title: on a host whose ephemeral ports are nearly all in TIME_WAIT, 600 connections in a row, each closed by the client first, all connect
# clauses: [client.myport.default, client.connect.returns-channel]
# requires: [busy-host]
# timeout: 60
# ---
# Profile busy: 4500 of the namespace's 5000 ephemeral ports are held by
# connections in TIME_WAIT to another port (made by a client without
# SO_REUSEADDR), so only 500 are unused. The manual leaves the client's port
# to "the system software": connect() alone may reuse a port that is in
# TIME_WAIT towards another destination, so the system has a port for every
# one of these connections. An implementation that takes a port of its own
# first (bind to port 0) can only use the 500 unused ports, and each
# connection it closes first holds one more in TIME_WAIT for a minute.
set srv [socket -server {apply {{chan addr port} {close $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set t0 [clock microseconds]
for {set i 1} {$i <= 600} {incr i} {
    if {[catch {socket 127.0.0.1 $port} c opts]} {
        measure failed.at "connection $i"
        observe error [dict get $opts -errorcode]
        assert_equal 0 1 "connection $i of 600 connects ($c)"
    }
    close $c
    # let the server take the connection, as a real client's peer would
    update
}
measure connects-per-s [expr {600 * 1e6 / max(1, [clock microseconds] - $t0)}]
close $srv
