# ---
# id: 0315
# title: an -async connect that was in progress and then fails fires the writable event, with -connecting 0 and -error set
# clauses: [client.async.failure-event, option.error.async-failure, option.connecting.after-completion]
# readings: [failure-event:writable-on-failure-completed, failure-event:writable-on-failure-maybe-pending]
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

wait_event $c writable 10000
wait_until {![chan configure $c -connecting]} 5000
set err [chan configure $c -error]
assert {$err ne ""} "-error reports the failure after the writable event"
observe error.refused-after-pending $err
close $c
