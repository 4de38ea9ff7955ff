# ---
# id: 0415
# title: several clients that connect before the event loop runs are each accepted once on a distinct new channel
# clauses: [server.accept.new-channel, server.accept.client-port]
# requires: [ipv4]
# timeout: 10
# ---
set srv [socket -server {apply {{chan addr port} {
    lappend ::accepted [list $chan $port]
}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]

set n 8
set clients {}
set cports {}
for {set i 0} {$i < $n} {incr i} {
    set c [socket 127.0.0.1 $port]
    lappend clients $c
    lappend cports [lindex [chan configure $c -sockname] 2]
}
wait_until {[info exists ::accepted] && [llength $::accepted] >= $n} 5000
after 100 {set ::settled 1}
vwait ::settled
assert_equal $n [llength $::accepted] "one callback per client, no more"

set chans [lmap x $::accepted {lindex $x 0}]
set ports [lmap x $::accepted {lindex $x 1}]
assert_equal $n [llength [lsort -unique $chans]] "every connection has its own channel"
assert {$srv ni $chans} "no accepted channel is the server channel"
assert {[lsort -integer $ports] eq [lsort -integer $cports]} \
    "the callbacks' ports are exactly the clients' ports"
observe accept.order [expr {$ports eq $cports ? "connect order" : "another order"}]

foreach c $clients {close $c}
foreach ch $chans {close $ch}
close $srv
