# ---
# id: 0708
# title: when the peer closes, the readable event fires, gets returns -1 and eof is 1
# clauses: [channel.eof.peer-close, client.connect.read-write]
# requires: [ipv4]
# timeout: 10
# ---
set srv [socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket 127.0.0.1 $port]
wait_for ::accepted
chan configure $c -blocking 0
close $::accepted
wait_event $c readable 5000
assert_equal -1 [gets $c line] "gets at end of file returns -1"
assert_equal "" $line "and stores an empty line"
assert_equal 1 [eof $c] "eof reports the end of the stream"
assert_equal 0 [fblocked $c] "end of file is not a blocked read"
close $c
close $srv
