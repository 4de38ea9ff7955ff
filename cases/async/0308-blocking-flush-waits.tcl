# ---
# id: 0308
# title: flush on a blocking socket whose -async connect is in progress waits until it has connected, then sends the data
# clauses: [client.async.blocking-flush-waits]
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
assert_equal 1 [chan configure $c -blocking] "the socket is in blocking mode"

# Replace the full server by an empty one on the same port: closing it resets
# the queued connections, and the SYN, when retried, reaches the new server.
# No event loop is needed for that: the system accepts into the new queue.
close $srv
set srv [socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr 127.0.0.1 $port]

puts $c "written while connecting"
set t0 [clock milliseconds]
flush $c
measure blocking-flush.waited-ms [expr {[clock milliseconds] - $t0}]
assert_equal 0 [chan configure $c -connecting] "flush returned only after the connect had completed"
assert_equal 0 [chan pending output $c] "the data has left the channel's buffer"
assert_equal "" [chan configure $c -error] "the connect succeeded"

set a [wait_for ::accepted 5000]
chan configure $a -blocking 0
wait_until {[gets $a line] >= 0} 5000
assert_equal "written while connecting" $line "the server receives the flushed data"
close $c
close $a
close $srv
