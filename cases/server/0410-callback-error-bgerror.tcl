# ---
# id: 0410
# title: an error raised by the accept callback goes to the background error handler and the server keeps accepting
# clauses: [server.accept.callback-error, server.accept.callback-args, server.accept.automatic]
# readings: [accept-callback-error:bgerror-and-close, accept-callback-error:bgerror-keep]
# requires: [ipv4]
# timeout: 10
# ---
# The case installs its own handler: the driver's default would end the case.
interp bgerror {} [list apply {{message opts} {
    lappend ::bgerrors $message
}}]
proc accept {chan addr port} {
    lappend ::calls $chan
    if {[llength $::calls] == 1} {
        error "boom from accept"
    }
    set ::second $chan
}
set srv [socket -server accept -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]

set c1 [socket 127.0.0.1 $port]
wait_for ::bgerrors 5000
assert_equal {{boom from accept}} $::bgerrors "the callback's error reaches the background error handler"
set first [lindex $::calls 0]
observe accept-error.channel-left-open [expr {$first in [chan names]}]

set rc [catch {socket 127.0.0.1 $port} c2]
assert_equal 0 $rc "the server still takes connections after a callback failed ($c2)"
wait_for ::second 5000
assert_equal 2 [llength $::calls] "the next connection is accepted after the failed callback"
assert_equal 1 [llength $::bgerrors] "only the failing call reported an error"

close $c1
close $c2
close $::second
if {$first in [chan names]} {close $first}
close $srv
