# ---
# id: 0710
# title: after the client closes its write side the server reads end of file and can still answer
# clauses: [channel.half-close, server.accepted.read-write]
# requires: [ipv4, half-close]
# timeout: 10
# includes: [round-trip.tcl]
# ---
set srv [socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket 127.0.0.1 $port]
wait_for ::accepted
round_trip $c $::accepted
puts $c request
close $c write
assert {$c in [chan names]} "the channel stays open after closing one side"
chan configure $::accepted -blocking 0
wait_until {[gets $::accepted line] >= 0} 5000
assert_equal request $line "data written before the half-close arrives"
wait_until {[gets $::accepted extra] < 0 && [eof $::accepted]} 5000
puts $::accepted answer
flush $::accepted
close $::accepted
assert_equal answer [gets $c] "the client still reads what the server sends after the half-close"
assert_equal -1 [gets $c rest] "then end of file"
close $c
close $srv
