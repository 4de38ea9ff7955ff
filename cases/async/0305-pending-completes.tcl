# ---
# id: 0305
# title: an -async connect that was in progress fires the writable event once it succeeds, with -connecting 0 and -error empty
# clauses: [option.connecting.after-completion, client.async.success-event, client.async.verify-success]
# readings: [error-after-success:empty]
# requires: [ipv4]
# timeout: 15
# includes: [pending.tcl]
# profiles: [host, dual]
# ---
# It runs in host (a long listen queue) and dual (a short one) only: its
# connect is let through by the SYN the full queue dropped, which Linux
# sends again after 1 s whatever the profile, and nothing it tests depends
# on the other profiles' addresses or names (spec/PERFORMANCE.md).
set srv [socket -server {apply {{chan addr port} {close $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [pending_connect $port]
assert_equal 1 [chan configure $c -connecting] "the connect is in progress"

# Replace the full server by an empty one on the same port: closing it resets
# the queued connections, and the retried SYN reaches the new server.
close $srv
set srv [socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr 127.0.0.1 $port]

wait_event $c writable 10000
wait_until {![chan configure $c -connecting]} 5000
assert_equal 0 [chan configure $c -connecting] "-connecting is 0 once the connect has succeeded"
assert_equal "" [chan configure $c -error] "-error is empty after the success"
assert_equal $port [lindex [chan configure $c -peername] 2] "the socket is connected to the server"
wait_for ::accepted 5000
close $c
close $::accepted
close $srv
