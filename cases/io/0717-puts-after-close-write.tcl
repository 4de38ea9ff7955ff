# ---
# id: 0717
# title: after a socket's write side is closed, puts on it fails and nothing more reaches the peer
# clauses: [channel.half-close, description.channel.io]
# requires: [ipv4, half-close]
# timeout: 10
# includes: [round-trip.tcl]
# ---
set srv [socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket 127.0.0.1 $port]
wait_for ::accepted
round_trip $c $::accepted
close $c write
set msg [assert_error {*} {puts $c more; flush $c}]
observe error.puts-after-close-write $msg
chan configure $::accepted -blocking 0
wait_until {[gets $::accepted line] < 0 && [eof $::accepted]} 5000
assert_equal "" $line "the peer sees end of file, not the refused data"
close $c
close $::accepted
close $srv
