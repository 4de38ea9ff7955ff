# ---
# id: 0163
# title: an accept callback that closes its channel and then raises an error is reported once as a background error, the client sees end of file and the server goes on accepting
# clauses: [server.accept.callback-error, channel.eof.peer-close]
# readings: [accept-callback-error:bgerror-and-close, accept-callback-error:bgerror-keep]
# requires: [ipv4]
# timeout: 10
# includes: [round-trip.tcl]
# ---
# Whatever an implementation does with the channel of a failed callback
# (close it or leave it), a channel the callback has closed itself is gone:
# dealing with it must not fail, and must not hide the error, which goes to
# the background error handler like any event handler's.
interp bgerror {} [list apply {{message opts} {
    lappend ::bgerrors $message
}}]
proc accept {chan addr port} {
    lappend ::calls $chan
    if {[llength $::calls] == 1} {
        close $chan
        error "failed after closing its channel"
    }
    set ::second $chan
}
set srv [socket -server accept -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]

set c1 [socket 127.0.0.1 $port]
wait_for ::bgerrors 5000
assert_equal {{failed after closing its channel}} $::bgerrors "the error reaches the background error handler"
assert {[lindex $::calls 0] ni [chan names]} "the channel the callback closed is gone"
wait_event $c1 readable 5000
assert_equal {} [read $c1] "the client reads nothing"
assert {[eof $c1]} "the client sees end of file"

set c2 [socket 127.0.0.1 $port]
wait_for ::second 5000
assert_equal 2 [llength $::calls] "the next connection is accepted"
round_trip $c2 $::second
puts $c2 "still served"
flush $c2
assert_equal {still served} [gets $::second] "the second connection carries data"
assert_equal 1 [llength $::bgerrors] "only the failing call reported an error"
close $c1
close $c2
close $::second
close $srv
