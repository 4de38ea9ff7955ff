# ---
# id: 0742
# title: a client that has sent a line and has nothing to read fires no stream of readable events
# clauses: [description.channel.io]
# requires: [ipv4]
# timeout: 10
# ---
# The client writes one line, the server reads it and sends nothing back.
# For 200 ms the client's readable handler counts how often it is called,
# as 0712's does before any data: there is nothing to read, so it reads
# nothing. With nothing to read a plain socket is not readable at all. A
# transport with traffic of its own (TLS 1.3 sends session tickets after the
# handshake) must deal with that traffic itself; one call is allowed, for a
# transport that wakes its channel once before it finds there is no data.
# More is the event loop spinning on an idle channel. The count is a
# measurement; only its bound is asserted.
set srv [socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket 127.0.0.1 $port]
wait_for ::accepted
chan configure $c -blocking 0
chan configure $::accepted -blocking 0
puts $c "only line"
flush $c
wait_until {[gets $::accepted line] >= 0} 5000
assert_equal "only line" $line "the server reads the client's line"
set ::calls 0
chan event $c readable {incr ::calls}
after 200 {set ::window over}
vwait ::window
chan event $c readable {}
measure readable.calls-in-200ms $::calls
assert {$::calls <= 1} "no stream of readable events on an idle channel (at most one spurious call)"
assert_equal -1 [gets $c line] "nothing arrived for the client"
# The same handler does run once data is there, so the count above was not
# that of a handler that can never run.
set ::read {}
puts $::accepted "now something"
flush $::accepted
chan event $c readable [list apply {{c} {
    append ::read [read $c]
    if {[string first \n $::read] >= 0} {
        set ::arrived 1
    }
}} $c]
wait_for ::arrived 5000
chan event $c readable {}
assert_equal "now something\n" $::read "the line sent afterwards is read"
close $c
close $::accepted
close $srv
