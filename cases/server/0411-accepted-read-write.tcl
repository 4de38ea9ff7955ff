# ---
# id: 0411
# title: the channel of an accepted connection is open for both input and output
# clauses: [server.accepted.read-write, description.channel.io]
# requires: [ipv4]
# timeout: 10
# ---
set srv [socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket 127.0.0.1 $port]
set a [wait_for ::accepted 5000]
chan configure $c -buffering line
chan configure $a -buffering line

# Output first, before the accepted channel has read anything. This first
# exchange goes through the event loop with both ends nonblocking: a transport
# with a handshake (TLS) needs the client to take part before the server's
# line can be sent.
chan configure $a -blocking 0
chan configure $c -blocking 0
puts $a "server speaks first"
wait_until {[gets $c line] >= 0} 5000
assert_equal "server speaks first" $line "the accepted channel writes"
chan configure $a -blocking 1
chan configure $c -blocking 1

puts $c "client answers"
wait_event $a readable 5000
assert_equal "client answers" [gets $a] "the accepted channel reads"

puts $a "and again"
wait_event $c readable 5000
assert_equal "and again" [gets $c] "writing still works after reading"
close $c
close $a
close $srv
