# ---
# id: 0704
# title: a line written to a socket arrives with a line ending; by default, as in tclsh 8.6.13, it is CR LF and input accepts any line ending
# clauses: [channel.translation.default, client.connect.read-write]
# readings: [line-endings:crlf-auto, line-endings:platform]
# requires: [ipv4]
# timeout: 10
# includes: [round-trip.tcl]
# ---
# socket(n) says nothing of line endings; chan(n) gives sockets crlf output
# and auto input on every platform, and tclsh 8.6.13 does so
# (channel.translation.default, compatibility). What the socket manual itself
# needs is that the line gets across (client.connect.read-write).
set srv [socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket 127.0.0.1 $port]
wait_for ::accepted
round_trip $c $::accepted
observe translation.client [chan configure $c -translation]
observe translation.accepted [chan configure $::accepted -translation]
puts $c hi
flush $c
chan configure $::accepted -translation binary -blocking 0
set raw {}
wait_until {[string first "\n" [append raw [read $::accepted]]] >= 0} 5000
chan configure $::accepted -blocking 1
assert_regexp {^hi\r?\n$} $raw "the line written by the client arrives, with its line ending"
compat assert_equal "hi\r\n" $raw "tclsh 8.6.13 ends a written line in CR LF on the wire"
puts -nonewline $::accepted "one\r\ntwo\nthree\r\n"
flush $::accepted
wait_event $c readable
compat assert_equal one [gets $c] "tclsh 8.6.13 reads CR LF as a line ending"
compat assert_equal two [gets $c] "and LF"
compat assert_equal three [gets $c] "and CR LF again"
close $c
close $::accepted
close $srv
