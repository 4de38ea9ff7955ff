# ---
# id: 0307
# title: flush on a nonblocking socket whose -async connect is in progress returns at once; the data is sent after the connect
# clauses: [client.async.nonblocking-flush-returns]
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
chan configure $c -blocking 0

puts $c "written while connecting"
set t0 [clock milliseconds]
flush $c
set took [expr {[clock milliseconds] - $t0}]
assert {$took < 500} "flush returned at once (took ${took}ms)"
assert_equal 1 [chan configure $c -connecting] "the connect was still in progress after flush"
observe pending.fblocked-after-flush [fblocked $c]

# Replace the full server by an empty one on the same port: closing it resets
# the queued connections, and the retried SYN reaches the new server. The
# buffered line must then arrive there.
close $srv
set srv [socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr 127.0.0.1 $port]
set a [wait_for ::accepted 10000]
chan configure $a -blocking 0
wait_until {[gets $a line] >= 0} 5000
assert_equal "written while connecting" $line "the data flushed during the connect arrives"
close $c
close $a
close $srv
