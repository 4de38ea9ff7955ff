# no-event-loop.tcl -- client.async.no-event-loop: chan configure alone advances a pending connect.
# Run with --filter (port 29 answers ICMP host-unreachable, which reaches ::1 only after a delay).
source [file join [file dirname [info script]] lib.tcl]
proc acc {c a p} { close $c }
foreach {lbl host port} {N1 ::1 29} {
    set c [socket -async $host $port]
    set t0 [clock milliseconds]; set n 0
    while {[chan configure $c -connecting] && [clock milliseconds] - $t0 < 5000} {incr n; after 20}
    puts "$lbl $host:$port no event loop: -connecting 0 after $n polls, [expr {[clock milliseconds]-$t0}] ms; error=[list [chan configure $c -error]]"
    close $c
}
# N2: name with ::1 first (filtered, delayed failure is not possible per address here), so use
# a server on 127.0.0.1 only: the ::1 attempt is refused, the 127.0.0.1 attempt must follow.
set s [socket -server acc -myaddr 127.0.0.1 0]
set port [lindex [chan configure $s -sockname] 2]
set c [socket -async both46 $port]
set n 0
while {[chan configure $c -connecting] && $n < 250} {incr n; after 20}
puts "N2 both46 no event loop: connecting=[chan configure $c -connecting] after $n polls error=[list [chan configure $c -error]] peername=[chan configure $c -peername]"
close $c; close $s
