# ---
# id: 0979
# title: connections that queue while every accept takes 200 ms are all accepted, once each, with the right client address and port, and carry their own data
# clauses: [server.accept.automatic, server.accept.new-channel, server.accept.callback-args, server.accept.client-port, server.accepted.read-write]
# requires: [fault-shim, ipv4]
# profiles: [dual]
# faults: ["accept:DELAY=200 accept4:DELAY=200"]
# includes: [faults.tcl]
# timeout: 20
# ---
# A slow accept (a loaded system, a server whose process is swapped out)
# lets connections pile up in the listen queue. The fault shim makes every
# accept() and accept4() take 200 ms. Four clients connect at once and each
# sends one line; every one must be accepted exactly once and its channel
# must read its own line. The clients write nonblocking and the accepted
# channels are read through the event loop: both ends are in this
# interpreter, and a layered transport's handshake needs the event loop.
proc accept {chan addr port} {
    lappend ::accepted [list $chan $addr $port]
}
set srv [socket -server accept -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set clients {}
foreach i {1 2 3 4} {
    set c [socket 127.0.0.1 $port]
    chan configure $c -blocking 0
    puts $c "from client $i"
    flush $c
    dict set clients [lindex [chan configure $c -sockname] 2] [list $c "from client $i"]
}
wait_until {[info exists ::accepted] && [llength $::accepted] >= 4} 10000
update
assert_equal 4 [llength $::accepted] "each connection is accepted once"
set ports {}
foreach entry $::accepted {
    lassign $entry chan addr cport
    lappend ports $cport
    assert_equal 127.0.0.1 $addr "the callback gets the client's address"
    assert {[dict exists $clients $cport]} "the callback's port $cport is a client's own port"
    chan configure $chan -blocking 0
    wait_until {[gets $chan line] >= 0 || [eof $chan]} 5000
    assert_equal [lindex [dict get $clients $cport] 1] $line "the accepted channel reads its client's line"
}
assert_equal [lsort [dict keys $clients]] [lsort $ports] "every client was accepted"
foreach entry $::accepted {
    close [lindex $entry 0]
}
dict for {cport entry} $clients {
    close [lindex $entry 0]
}
close $srv
