# ---
# id: 0952
# title: while the system cannot accept (EMFILE), a server runs no callback and reports no error, and it accepts the waiting connection once accepting works again
# clauses: [server.accept.automatic, server.accept.failure-silent, server.close.stops-accepting]
# requires: [fault-shim]
# timeout: 15
# includes: [faults.tcl, round-trip.tcl]
# ---
# A process out of descriptors cannot take a connection from the listen
# queue: accept() (and accept4()) fail with EMFILE. Nothing has been
# accepted, so there is no channel to give a callback and nobody to tell;
# the connection stays queued and the server must take it later. The fault
# shim (harness/native/fault.c, preloaded in every namespace profile: capability fault-shim) makes both calls fail while
# SOCKCONF_FAULT_FAIL says so. localhost is the profile's one loopback address.
interp bgerror {} [list apply {{message opts} {
    lappend ::bgerrors $message
}}]
proc accept {chan addr port} {
    lappend ::accepted $chan
}
set srv [socket -server accept -myaddr localhost 0]
set port [lindex [chan configure $srv -sockname] 2]

with_fault "accept4:EMFILE accept:EMFILE" {
    set c [socket localhost $port]
    # Let the event loop run for a while: the listener is readable all along.
    after 300 [list set ::waited 1]
    vwait ::waited
}
assert {![info exists ::accepted]} "no callback runs while nothing can be accepted"
assert {$srv in [chan names]} "the server stays open"

wait_for ::accepted 5000
assert_equal 1 [llength $::accepted] "the waiting connection is accepted once accept works"
# Background errors are reported from the idle queue, which a listener that
# stays readable may starve: look once the event loop is calm again.
update
assert {![info exists ::bgerrors]} "a failed accept is no background error"
round_trip $c [lindex $::accepted 0]
puts $c "queued while the server could not accept"
flush $c
assert_equal "queued while the server could not accept" [gets [lindex $::accepted 0]] \
    "the late-accepted connection carries data"
close $c
close [lindex $::accepted 0]
close $srv
