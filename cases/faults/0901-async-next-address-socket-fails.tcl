# ---
# id: 0901
# title: an -async connect whose next address cannot even get a socket reports the failure through -error
# clauses: [client.async.next-address, client.async.failure-event, option.error.async-failure]
# requires: [v4only-host]
# params: [name-dual]
# timeout: 10
# ---
# In the v4only profile the name below lists 127.0.0.1, then ::1, and
# socket(AF_INET6) fails with EAFNOSUPPORT (the fault shim). With no listener on
# the port, the first attempt is refused and the background state machine moves
# on to ::1, where socket() itself fails. The connect has failed: the writable
# event fires, -connecting becomes 0 and -error names a failure. The process
# must not die.
set name [param name-dual]
set port [free_port 127.0.0.1]
set s [socket -async $name $port]
wait_event $s writable 5000
wait_until {[chan configure $s -connecting] == 0} 5000
set err [chan configure $s -error]
assert {$err ne ""} "-error reports the failed connect"
observe error.after-socket-failure $err
close $s
