# ---
# id: 0312
# title: without the event loop, polling -connecting drives an -async connect that was in progress to its failure, reported by -error
# clauses: [client.async.no-event-loop, option.error.async-failure, option.connecting.after-completion]
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

# Closing the server resets its queue; the retried SYN is refused.
close $srv

set deadline [expr {[clock milliseconds] + 10000}]
set polls 0
while {[chan configure $c -connecting] && [clock milliseconds] < $deadline} {
    incr polls
    after 20
}
measure no-event-loop.polls.count $polls
assert_equal 0 [chan configure $c -connecting] "polling alone brings -connecting to 0"
set err [chan configure $c -error]
assert {$err ne ""} "-error reports the failure"
observe error.refused-after-pending $err
close $c
