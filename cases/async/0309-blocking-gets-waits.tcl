# ---
# id: 0309
# title: gets on a blocking socket whose -async connect is in progress waits until it has connected, then reads the line
# clauses: [client.async.blocking-gets-waits]
# requires: [ipv4]
# timeout: 15
# includes: [pending.tcl, peer.tcl]
# profiles: [host, dual]
# ---
# It runs in host (a long listen queue) and dual (a short one) only: its
# connect is let through by the SYN the full queue dropped, which Linux
# sends again after 1 s whatever the profile, and nothing it tests depends
# on the other profiles' addresses or names (spec/PERFORMANCE.md).
# The line must come from a server that keeps running while this interpreter
# is blocked in gets, so the server runs in a child process (peer_process: the
# same executable with the target's setup). It reports its port, then does not
# serve events until told to, so this side can fill its listen queue. Told
# "go", it replaces itself by an empty server on the same port (resetting the
# queue) that greets every client with a line.
set p [peer_process {
    set srv [socket -server {apply {{chan addr port} {close $chan}}} -myaddr 127.0.0.1 0]
    set port [lindex [chan configure $srv -sockname] 2]
    puts $port
    flush stdout
    gets stdin
    close $srv
    set srv [socket -server {apply {{chan addr port} {
        puts $chan "hello from the server"
        close $chan
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

set t0 [clock milliseconds]
set n [gets $c line]
measure blocking-gets.waited-ms [expr {[clock milliseconds] - $t0}]
assert_equal "hello from the server" $line "gets waited for the connection and then for the line"
assert_equal 0 [chan configure $c -connecting] "the connect has completed"
close $c
chan configure $p -blocking 1
close $p
