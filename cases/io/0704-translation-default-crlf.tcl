# ---
# id: 0704
# title: a socket writes lines ending in CR LF by default and reads any line ending
# clauses: [channel.translation.default, client.connect.read-write]
# requires: [ipv4]
# timeout: 10
# ---
# chan(n): the default output translation of sockets is crlf on all platforms,
# the input translation auto. A channel driver that forgets to set it gets the
# platform's lf.
set srv [socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket 127.0.0.1 $port]
wait_for ::accepted
observe translation.client [chan configure $c -translation]
observe translation.accepted [chan configure $::accepted -translation]
puts $c hi
flush $c
chan configure $::accepted -translation binary -blocking 0
set raw {}
wait_until {[string first "\n" [append raw [read $::accepted]]] >= 0} 5000
chan configure $::accepted -blocking 1
assert_equal "hi\r\n" $raw "a line written by a client ends in CR LF on the wire"
puts -nonewline $::accepted "one\r\ntwo\nthree\r\n"
flush $::accepted
wait_event $c readable
assert_equal one [gets $c] "CR LF ends a line"
assert_equal two [gets $c] "LF ends a line"
assert_equal three [gets $c] "and CR LF again"
close $c
close $::accepted
close $srv
