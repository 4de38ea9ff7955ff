# ---
# id: 0318
# title: the writable event of an -async connect to a server of the same interpreter comes after that server's accept
# clauses: [client.async.success-event, server.accept.automatic]
# requires: [ipv4]
# timeout: 10
# ---
# Client and server share one event loop. When the connect completes, the
# server's listening socket and the client become ready together; tclsh 8.6
# runs the accept first and reports the client's writable event from a later
# round (compatibility: the manual does not order the two). Both must happen,
# and the writable handler must see a finished, successful connect.
set ::log {}
set srv [socket -server {apply {{chan addr port} {
    lappend ::log accept
    set ::accepted [list $chan $port]
}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket -async 127.0.0.1 $port]
chan event $c writable [list apply {{c} {
    chan event $c writable {}
    lappend ::log writable
    set ::state [list [chan configure $c -connecting] [chan configure $c -error]]
}} $c]
wait_for ::state 5000
wait_for ::accepted 5000
lassign $::state connecting error
assert_equal 0 $connecting "in the writable handler the connect has completed"
assert_equal "" $error "and succeeded"
lassign $::accepted chan peerport
assert_equal [lindex [chan configure $c -sockname] 2] $peerport "the server accepted this client"
compat assert_equal {accept writable} $::log "the accept of the connection runs before the client's writable event"
observe event.order $::log
close $c
close $chan
close $srv
