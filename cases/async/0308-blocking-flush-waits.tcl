# ---
# id: 0308
# title: flush on a blocking socket whose -async connect is in progress waits until it has connected, then sends the data
# clauses: [client.async.blocking-flush-waits]
# requires: [ipv4]
# timeout: 15
# includes: [pending.tcl, peer.tcl]
# profiles: [host, dual]
# ---
# It runs in host (a long listen queue) and dual (a short one) only: its
# connect is let through by the SYN the full queue dropped, which Linux
# sends again after 1 s whatever the profile, and nothing it tests depends
# on the other profiles' addresses or names (spec/PERFORMANCE.md).
# The data must reach a server that keeps running while this interpreter is
# blocked in flush (a transport with a handshake needs its peer then), so the
# server runs in a child process (peer_process: the same executable with the
# target's setup). It reports its port, then does not serve events until told
# to, so this side can fill its listen queue. Told "go", it replaces itself by
# an empty server on the same port (closing the full one resets the queued
# connections, and the SYN, when retried, reaches the new server) that reports
# the first line each client sends.
set p [peer_process {
    set srv [socket -server {apply {{chan addr port} {close $chan}}} -myaddr 127.0.0.1 0]
    set port [lindex [chan configure $srv -sockname] 2]
    puts $port
    flush stdout
    gets stdin
    close $srv
    set srv [socket -server {apply {{chan addr port} {
        chan configure $chan -blocking 0
        chan event $chan readable [list apply {{chan} {
            if {[gets $chan line] >= 0} {
                puts "received: $line"
                flush stdout
                close $chan
            } elseif {[eof $chan]} {
                close $chan
            }
        }} $chan]
    }}} -myaddr 127.0.0.1 $port]
    chan event stdin readable {set forever stdin-closed}
    after 10000 {set forever timeout}
    vwait forever
}]
chan configure $p -blocking 0
wait_until {[gets $p port] >= 0 || [eof $p]} 5000
assert {[string is integer -strict $port]} "the child server reported its port"

set c [pending_connect $port]
assert_equal 1 [chan configure $c -blocking] "the socket is in blocking mode"
puts $p go

puts $c "written while connecting"
set t0 [clock milliseconds]
flush $c
measure blocking-flush.waited-ms [expr {[clock milliseconds] - $t0}]
assert_equal 0 [chan configure $c -connecting] "flush returned only after the connect had completed"
assert_equal 0 [chan pending output $c] "the data has left the channel's buffer"
assert_equal "" [chan configure $c -error] "the connect succeeded"

wait_until {[gets $p said] >= 0 || [eof $p]} 5000
assert_equal "received: written while connecting" $said "the server receives the flushed data"
close $c
chan configure $p -blocking 1
close $p
