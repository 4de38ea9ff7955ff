# ---
# id: 0724
# title: a connection the peer resets (closing with unread data) becomes readable and then reads as end of file or a reset error
# clauses: [channel.eof.peer-close, server.accepted.read-write]
# readings: [reset-reads-eof:eof, reset-reads-eof:error]
# requires: [ipv4]
# timeout: 10
# includes: [round-trip.tcl]
# ---
# The accepted side closes while the client's line is still unread in its
# receive queue, so the system resets the connection instead of closing it.
# The manual says nothing of resets: a read must notice it, as end of file or
# as a POSIX ECONNRESET error; tclsh 8.6 reads it as end of file
# (compatibility).
set srv [socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket 127.0.0.1 $port]
wait_for ::accepted 5000
round_trip $c $::accepted
puts $c "never read"
flush $c
after 100
close $::accepted
wait_event $c readable 5000
if {[catch {gets $c line} n opts]} {
    assert_match {POSIX ECONNRESET *} [dict get $opts -errorcode] "a read error names the reset"
    set seen [list error [dict get $opts -errorcode]]
} else {
    assert_equal -1 $n "nothing is read from a reset connection"
    assert_equal 1 [eof $c] "the read reports end of file"
    set seen eof
}
compat assert_equal eof $seen "the reset reads as end of file"
observe reset.read $seen
close $c
close $srv
