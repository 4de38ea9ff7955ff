# ---
# id: 0250
# title: -myaddr picks which of several local IPv4 addresses a client connects from, as the server sees it
# clauses: [client.myaddr.numeric]
# requires: [multihomed]
# params: [v4-extra, v4-extra2]
# timeout: 10
# ---
# Two clients, each with a different extra address of profile multihomed: an
# implementation that ignores -myaddr (the system would pick 127.0.0.1) or
# binds always the same address fails one of them.
set srv [socket -server {apply {{chan addr port} {lappend ::accepted [list $chan $addr $port]}}} \
    -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set n 0
foreach local [list [param v4-extra] [param v4-extra2]] {
    set c [socket -myaddr $local 127.0.0.1 $port]
    incr n
    wait_until {[info exists ::accepted] && [llength $::accepted] == $n} 5000
    lassign [lindex $::accepted end] chan addr cport
    assert_equal $local [lindex [chan configure $c -sockname] 0] "-sockname shows the -myaddr address"
    assert_equal $local $addr "the server's callback sees the client at $local"
    assert_equal $local [lindex [chan configure $chan -peername] 0] "the accepted channel's peer is $local"
    assert_equal [lindex [chan configure $c -sockname] 2] $cport "the callback's port is the client's port"
    close $c
    close $chan
}
close $srv
