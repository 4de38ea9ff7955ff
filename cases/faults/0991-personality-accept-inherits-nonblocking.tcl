# ---
# id: 0991
# title: where accept() gives the new descriptor the listener's non-blocking mode (BSD, Windows), an accepted channel is still blocking and a blocking gets waits for its line
# clauses: [server.accepted.read-write, server.accept.new-channel, description.channel.io]
# requires: [personality, ipv4]
# includes: [peer.tcl, late-peer.tcl]
# timeout: 10
# ---
# A new channel is blocking (chan configure -blocking 1). On Linux accept()
# gives a blocking descriptor whatever the listener's mode; on FreeBSD, macOS
# and Windows the accepted socket inherits the listener's O_NONBLOCK (or
# FIONBIO), which the bsd and windows profiles emulate. An implementation with
# a non-blocking listener that trusts Linux's rule hands out channels that say
# they are blocking but whose reads find nothing instead of waiting. The peer,
# a child process, sends its line 200 ms after the case's go-ahead, while the
# case is blocked in gets.
lassign [late_peer] srv kid a
assert_equal 1 [chan configure $a -blocking] "the accepted channel is blocking"
puts $a "go ahead"
flush $a
set rc [catch {gets $a} line]
observe gets.result [list $rc $line]
assert_equal {0 {late line}} [list $rc $line] "a blocking gets waits for the line"
close $a
close $kid
close $srv
