# ---
# id: 0953
# title: an accept interrupted by a signal (EINTR) loses neither the connection nor the server
# clauses: [server.accept.automatic, server.accept.failure-silent, server.accepted.read-write]
# requires: [fault-shim]
# timeout: 15
# includes: [faults.tcl, round-trip.tcl]
# ---
# A signal arriving while the server takes a connection interrupts accept()
# (EINTR); nothing has been accepted, and the connection is still queued.
# Whether the implementation retries at once or on the next event, the
# callback must run exactly once for it. The fault shim (harness/native/fault.c,
# preloaded in every namespace profile: capability fault-shim) fails
# the first accept() and the first accept4() with EINTR.
interp bgerror {} [list apply {{message opts} {
    lappend ::bgerrors $message
}}]
proc accept {chan addr port} {
    lappend ::accepted $chan
}
set srv [socket -server accept -myaddr localhost 0]
set port [lindex [chan configure $srv -sockname] 2]
with_fault "accept4:EINTR:1 accept:EINTR:1" {
    set c [socket localhost $port]
    wait_for ::accepted 5000
}
round_trip $c [lindex $::accepted 0]
puts $c "after an interrupted accept"
flush $c
assert_equal "after an interrupted accept" [gets [lindex $::accepted 0]] "the connection carries data"
update
assert_equal 1 [llength $::accepted] "the callback ran once for the connection"
assert {![info exists ::bgerrors]} "the interruption is no background error"

set c2 [socket localhost $port]
wait_until {[llength $::accepted] == 2} 5000
close $c
close $c2
foreach chan $::accepted {
    close $chan
}
close $srv
