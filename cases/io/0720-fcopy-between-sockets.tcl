# ---
# id: 0720
# title: fcopy relays a stream from one socket to another, byte for byte, up to end of file
# clauses: [description.channel.io]
# requires: [ipv4]
# timeout: 15
# includes: [round-trip.tcl]
# ---
# Two connections: A (client ca, accepted aa) and B (client cb, accepted ab).
# Data written to ca is copied by fcopy from aa to cb and read at ab.
set srv [socket -server {apply {{chan addr port} {lappend ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set ca [socket 127.0.0.1 $port]
wait_until {[info exists ::accepted] && [llength $::accepted] == 1} 5000
set cb [socket 127.0.0.1 $port]
wait_until {[llength $::accepted] == 2} 5000
lassign $::accepted aa ab
round_trip $ca $aa
round_trip $cb $ab
foreach chan [list $ca $aa $cb $ab] {chan configure $chan -translation binary}
set payload {}
for {set i 0} {$i < 20000} {incr i} {append payload [format %c [expr {$i % 256}]]}
set payload [binary format a* $payload]
fcopy $aa $cb -command [list apply {{n args} {set ::copied [list $n {*}$args]}}]
puts -nonewline $ca $payload
close $ca
lassign [wait_for ::copied 10000] n err
assert_equal "" $err "fcopy ended without an error"
assert_equal [string length $payload] $n "fcopy reports every byte copied"
close $cb
set got [read $ab]
assert_equal $payload $got "the stream arrives unchanged at the far end"
close $aa
close $ab
close $srv
