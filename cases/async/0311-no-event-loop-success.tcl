# ---
# id: 0311
# title: without the event loop, polling -connecting drives an -async connect that was in progress to its success
# clauses: [client.async.no-event-loop, client.async.verify-success, option.connecting.after-completion]
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

# An empty server on the same port; the system completes the retried SYN
# without any help from this interpreter's event loop.
close $srv
set srv [socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr 127.0.0.1 $port]

# Poll with [after ms] sleeps, which serve no events.
set deadline [expr {[clock milliseconds] + 10000}]
set polls 0
while {[chan configure $c -connecting] && [clock milliseconds] < $deadline} {
    incr polls
    after 20
}
measure no-event-loop.polls.count $polls
assert_equal 0 [chan configure $c -connecting] "polling alone brings -connecting to 0"
assert_equal "" [chan configure $c -error] "-error then says the connect succeeded"
assert_equal $port [lindex [chan configure $c -peername] 2] "the socket is connected to the server"
assert {$polls > 0} "the connect was still in progress when polling began"
wait_for ::accepted 5000
close $c
close $::accepted
close $srv
