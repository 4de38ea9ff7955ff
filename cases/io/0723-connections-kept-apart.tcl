# ---
# id: 0723
# title: two connections to one server carry their own data, each to its own accepted channel
# clauses: [server.accept.new-channel, server.accepted.read-write]
# requires: [ipv4]
# timeout: 10
# includes: [round-trip.tcl]
# ---
set srv [socket -server {apply {{chan addr port} {lappend ::accepted $port $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c1 [socket 127.0.0.1 $port]
set c2 [socket 127.0.0.1 $port]
wait_until {[info exists ::accepted] && [llength $::accepted] == 4} 5000
set p1 [lindex [chan configure $c1 -sockname] 2]
set p2 [lindex [chan configure $c2 -sockname] 2]
assert {[dict exists $::accepted $p1] && [dict exists $::accepted $p2]} \
    "the callbacks' ports are the two clients' ports"
set a1 [dict get $::accepted $p1]
set a2 [dict get $::accepted $p2]
assert {$a1 ne $a2} "each connection has its own channel"
round_trip $c1 $a1
round_trip $c2 $a2
foreach {c text} [list $c2 two $c1 one] {puts $c $text; flush $c}
foreach {a text} [list $a1 one $a2 two] {
    wait_event $a readable 5000
    assert_equal $text [gets $a] "each accepted channel reads only its own client's data"
}
foreach {a text} [list $a2 deux $a1 un] {puts $a $text; flush $a}
foreach {c text} [list $c1 un $c2 deux] {
    wait_event $c readable 5000
    assert_equal $text [gets $c] "each client reads only its own accepted channel's data"
}
foreach chan [list $c1 $c2 $a1 $a2 $srv] {close $chan}
