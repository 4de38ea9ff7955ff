# ---
# id: 0161
# title: a connected client socket can be handed to a child process with exec's >@ and <@ redirections
# clauses: [description.channel.io, description.channel.exec-redirect]
# requires: [ipv4, half-close, plain-stream]
# timeout: 10
# ---
# exec gives a child process the operating-system handle behind a channel
# (>@ for its standard output, <@ for its standard input). For a socket
# channel that is the connection itself: what the child writes reaches the
# peer, and the child reads what the peer sent.
set srv [socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket 127.0.0.1 $port]
wait_for ::accepted

set rc [catch {exec echo "written by a child" >@ $c} msg]
assert_equal 0 $rc "exec takes the socket as a child's standard output ($msg)"
assert_equal {written by a child} [gets $::accepted] "the child's output reaches the peer"

puts $::accepted "read by a child"
close $::accepted write
set rc [catch {exec cat <@ $c} msg]
assert_equal 0 $rc "exec takes the socket as a child's standard input ($msg)"
assert_equal {read by a child} $msg "the child reads what the peer sent"
close $c
close $::accepted
close $srv
