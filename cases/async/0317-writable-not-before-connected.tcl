# ---
# id: 0317
# title: the writable event of an -async socket does not fire while its connect is still in progress
# clauses: [client.async.no-early-writable, client.async.success-event, client.async.connecting-option]
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

# Replace the full server by an empty one on the same port: the connect stays
# in progress until its SYN is retried (about 1 s), while the event loop runs.
close $srv
set srv [socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr 127.0.0.1 $port]
set t0 [clock milliseconds]
chan event $c writable [list apply {{c t0} {
    chan event $c writable {}
    set ::first [list [expr {[clock milliseconds] - $t0}] [chan configure $c -connecting] \
        [chan configure $c -error] [chan configure $c -peername]]
}} $c $t0]
lassign [wait_for ::first 10000] after connecting error peer
measure writable.after-ms $after
assert_equal 0 $connecting "in the first writable call the connect has completed"
assert_equal "" $error "and succeeded"
assert_equal $port [lindex $peer 2] "and the socket has its peer"
wait_for ::accepted 5000
close $c
close $::accepted
close $srv
