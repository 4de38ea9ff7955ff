# ---
# id: 0705
# title: with -translation binary all 256 byte values cross a socket unchanged in both directions
# clauses: [client.connect.read-write, server.accepted.read-write, description.channel.io]
# requires: [ipv4]
# timeout: 10
# includes: [round-trip.tcl]
# ---
set srv [socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket 127.0.0.1 $port]
wait_for ::accepted
round_trip $c $::accepted
chan configure $c -translation binary
chan configure $::accepted -translation binary
set bytes {}
for {set i 0} {$i < 256} {incr i} {append bytes [format %c $i]}
set bytes [binary format a* $bytes]
puts -nonewline $c $bytes
flush $c
set got [read $::accepted 256]
assert_equal 256 [string length $got] "the server reads 256 bytes"
assert_equal $bytes $got "client to server: every byte value arrives unchanged"
puts -nonewline $::accepted [string reverse $bytes]
flush $::accepted
set back [read $c 256]
assert_equal [string reverse $bytes] $back "server to client: every byte value arrives unchanged"
close $c
close $::accepted
close $srv
