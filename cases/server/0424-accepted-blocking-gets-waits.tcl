# ---
# id: 0424
# title: an accepted channel starts in blocking mode, so gets waits for a line the client sends later
# clauses: [server.accepted.read-write, server.accept.new-channel]
# requires: [ipv4]
# timeout: 15
# includes: [peer.tcl, late-peer.tcl]
# ---
# The client must send while this interpreter is blocked in gets, so it runs in
# a child process (late_peer: this executable with the target's setup). It
# sends nothing until it reads "go", then waits 200 ms and sends one line. The
# accepted channel is used as it comes from the server, never reconfigured.
lassign [late_peer] srv kid a
assert_equal 1 [chan configure $a -blocking] "the accepted channel is blocking"
puts $a go
flush $a
set n [gets $a line]
assert_equal "late line" $line "blocking gets returns the line sent later"
assert_equal 0 [fblocked $a] "and did not come back blocked"
close $a
close $kid
close $srv
