# ---
# id: 0740
# title: once a connection has carried data both ways, the peer's close reads as end of file, not as an error
# clauses: [channel.eof.peer-close]
# requires: [ipv4]
# timeout: 10
# includes: [round-trip.tcl]
# ---
# The peer closes an established connection in the ordinary way (close, no
# data left unread on either side). The reader must see end of file: gets
# returns -1 and eof is 1. A transport that layers a protocol over TCP has
# to make the peer's close an end of file too (TLS does so with its own
# closing message, close_notify); reporting it as a failed read is the
# divergence this case catches. 0708 is the same close before any data.
set srv [socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket 127.0.0.1 $port]
wait_for ::accepted
round_trip $c $::accepted
close $::accepted
chan configure $c -blocking 0
wait_event $c readable 5000
set rc [catch {gets $c line} n opts]
if {$rc} {
    observe peer-close.read [list error [lrange [dict get $opts -errorcode] 0 1]]
} else {
    observe peer-close.read [list gets $n eof [eof $c]]
}
assert_equal 0 $rc "reading after the peer's close is not an error ($n)"
assert_equal -1 $n "gets at end of file returns -1"
assert_equal 1 [eof $c] "eof reports the end of the stream"
close $c
close $srv
