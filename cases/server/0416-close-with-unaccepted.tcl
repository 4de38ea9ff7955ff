# ---
# id: 0416
# title: closing a server with a connection not yet accepted either resets that client or hands it over, never leaves it hanging
# clauses: [server.close.stops-accepting, server.close.keeps-accepted, client.connect.refused-error]
# readings: [close-backlog:only-accepted, close-backlog:all-completed]
# requires: [ipv4]
# timeout: 10
# ---
# The client's connect completes in the kernel, but the event loop has not run,
# so Tcl has not accepted it when the server channel is closed. Both readings
# of the manual are accepted: the connection is reset (the client sees an end
# of file or an error), or it survives and its callback runs with a working
# channel. A connection that neither fails nor reaches a callback is wrong.
set srv [socket -server {apply {{chan addr port} {
    chan configure $chan -buffering line
    lappend ::accepted $chan
}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket 127.0.0.1 $port]
close $srv

chan configure $c -blocking 0 -buffering line
wait_event $c readable 5000
set rc [catch {read $c} data]
if {[info exists ::accepted]} {
    observe close-backlog.reading all-completed
    set a [lindex $::accepted 0]
    puts $a "kept"
    wait_until {[gets $c line] >= 0} 5000
    assert_equal kept $line "a surviving connection carries data"
    close $a
} else {
    observe close-backlog.reading only-accepted
    observe close-backlog.client-sees [expr {$rc ? "error: $data" : "eof=[eof $c]"}]
    assert {$rc == 1 || ([eof $c] && $data eq "")} \
        "the client of a dropped connection sees an error or an end of file"
}
assert_error -code {POSIX ECONNREFUSED *} \
    -compat-message {couldn't open socket: connection refused} \
    -compat-code {POSIX ECONNREFUSED {connection refused}} ?* {
    socket 127.0.0.1 $port
}
catch {close $c}
