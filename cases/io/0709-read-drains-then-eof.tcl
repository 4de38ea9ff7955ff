# ---
# id: 0709
# title: data written just before the peer closes is all read before end of file
# clauses: [channel.eof.peer-close, client.connect.read-write]
# requires: [ipv4]
# timeout: 10
# includes: [round-trip.tcl]
# ---
set srv [socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket 127.0.0.1 $port]
wait_for ::accepted
round_trip $c $::accepted
set payload [string repeat "last words " 1000]
puts -nonewline $::accepted $payload
close $::accepted
set got [read $c]
assert_equal [string length $payload] [string length $got] "read to end of file returns every byte"
assert_equal $payload $got "in order"
assert_equal 1 [eof $c] "then eof is 1"
close $c
close $srv
