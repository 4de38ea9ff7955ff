# ---
# id: 0901
# title: an -async connect whose next address cannot even get a socket reports the failure through the writable event and -error
# clauses: [client.async.next-address, client.async.failure-event, option.error.async-failure]
# readings: [failure-event:writable-on-failure-completed, failure-event:writable-on-failure-maybe-pending, several-failures-error:furthest, several-failures-error:last, several-failures-error:first]
# requires: [v4only-host]
# params: [name-dual]
# timeout: 15
# ---
# In the v4only profile the name below lists 127.0.0.1, then ::1, and
# socket(AF_INET6) fails with EAFNOSUPPORT (the fault shim). With no listener on
# the port, the first attempt is refused and the background state machine moves
# on to ::1, where socket() itself fails. The connect has failed: the writable
# event fires, -connecting becomes 0 and -error names a failure. The process
# must not die. What the implementation does is observed before the
# assertions decide, so a failing run still records it.
set name [param name-dual]
set port [free_port 127.0.0.1]
set s [socket -async $name $port]
chan event $s writable [list set ::event fired]
set timer [after 5000 [list set ::event "no event within 5 s"]]
vwait ::event
after cancel $timer
chan event $s writable {}
observe writable $::event
if {$::event eq "fired"} {
    wait_until {[chan configure $s -connecting] == 0} 5000
}
observe connecting [chan configure $s -connecting]
set err [chan configure $s -error]
observe error.first $err
assert_equal fired $::event "the writable event fires once the last address has failed"
assert {$err ne ""} "-error reports the failed connect"
close $s
