# ---
# id: 0721
# title: a socket switched to nonblocking and back to blocking waits again in gets for a late line
# clauses: [client.sync.switch-nonblocking, description.channel.io]
# requires: [ipv4]
# timeout: 15
# includes: [peer.tcl, late-peer.tcl]
# ---
# The peer must send while this interpreter is blocked in gets, so it runs in a
# child process (late_peer: this executable with the target's setup). It
# sends nothing until it reads "go", which this side writes only once the
# socket is blocking again; then it waits 200 ms and sends one line.
lassign [late_peer] srv kid a
chan configure $a -blocking 0
assert_equal -1 [gets $a line] "nonblocking: nothing yet, gets returns at once"
assert_equal 1 [fblocked $a] "nonblocking: fblocked"
chan configure $a -blocking 1
assert_equal 1 [chan configure $a -blocking] "the socket is blocking again"
puts $a go
flush $a
set t0 [clock milliseconds]
set n [gets $a line]
set waited [expr {[clock milliseconds] - $t0}]
assert_equal "late line" $line "blocking gets returns the line sent later"
measure blocking-gets.waited-ms $waited
close $a
close $kid
close $srv
