# ---
# id: 0106
# title: a synchronously connected client switched with chan configure -blocking 0 behaves as a nonblocking channel
# clauses: [client.sync.switch-nonblocking]
# requires: [ipv4]
# timeout: 10
# includes: [round-trip.tcl]
# ---
set srv [socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket 127.0.0.1 $port]
set a [wait_for ::accepted 5000]

chan configure $c -blocking 0
assert_equal 0 [chan configure $c -blocking] "the switch is accepted and reported"

# Nothing has been sent: a nonblocking gets returns at once with no line.
set t0 [clock milliseconds]
assert_equal -1 [gets $c line] "gets on an empty nonblocking socket returns -1"
assert {[clock milliseconds] - $t0 < 500} "gets did not wait for data"
assert_equal 1 [fblocked $c] "fblocked reports the missing data"
assert_equal 0 [eof $c] "no end of file: the peer is still there"

# Half a line is not a line; the rest completes it. (First a token each way
# through the event loop, for a layered transport's handshake.)
round_trip $c $a
puts -nonewline $a "half"
flush $a
wait_event $c readable 5000
assert_equal -1 [gets $c line] "an incomplete line is not returned"
assert_equal 1 [fblocked $c] "fblocked while the line is incomplete"
puts $a " and the rest"
flush $a
wait_until {[gets $c line] >= 0} 5000
assert_equal "half and the rest" $line "the whole line arrives"

# Writing works in nonblocking mode too.
puts $c "from nonblocking"
flush $c
chan configure $a -blocking 0
wait_until {[gets $a back] >= 0} 5000
assert_equal "from nonblocking" $back "the nonblocking client writes"
close $c
close $a
close $srv
