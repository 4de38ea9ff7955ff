# misc.tcl -- accept and the event loop, encodings, close, -myaddr/-myport, prefixes.
source [file join [file dirname [info script]] lib.tcl]
proc acc {args} { lappend ::accepted $args }
set s [socket -server acc -myaddr 127.0.0.1 0]
set port [lindex [chan configure $s -sockname] 2]
set c [socket 127.0.0.1 $port]
after 200
puts "M1 callback-called-before-event-loop=[info exists ::accepted]"
update
puts "M1 callbacks-after-update=[llength $::accepted]"
set a [lindex $::accepted 0 0]
puts "M2 encoding system=[encoding system] client=[chan configure $c -encoding] accepted=[chan configure $a -encoding] server=[chan configure $s -encoding]"
close $s
puts $c hello; flush $c
puts "M3 after closing server: accepted gets=[gets $a]"
puts $a back; flush $a
puts "M3 client gets=[gets $c]"
show M4 {socket 127.0.0.1 $port}
set s [socket -server acc -myaddr 127.0.0.1 0]
set port [lindex [chan configure $s -sockname] 2]
show M5 {socket -server acc -myaddr 127.0.0.1 $port}
close $s
set s [socket -server acc 0]
show M6 {socket -server acc -myaddr ::1 [lindex [chan configure $s -sockname] 2]}
close $s
encoding system iso8859-1
set s [socket -server acc -myaddr 127.0.0.1 0]
set ::accepted {}
set c2 [socket 127.0.0.1 [lindex [chan configure $s -sockname] 2]]
vwait ::accepted
puts "M7 after encoding system iso8859-1: client=[chan configure $c2 -encoding] accepted=[chan configure [lindex $::accepted 0 0] -encoding]"
encoding system utf-8
close $s
proc acc2 {x y ch a p} { set ::got [list $x $y $ch $a $p] }
set s [socket -server [list acc2 {a b} {}] -myaddr 127.0.0.1 0]
set c3 [socket 127.0.0.1 [lindex [chan configure $s -sockname] 2]]
vwait ::got
puts "M8 prefix {acc2 {a b} {}} called with [llength $::got] words: [list $::got]"
close $s
set ::accepted {}
set s [socket -server acc -myaddr 127.0.0.1 0]
set port [lindex [chan configure $s -sockname] 2]
show K1 {socket 127.0.0.2 $port}
show K2 {socket ::1 $port}
close $s
set w [socket -server acc 0]
set wp [lindex [chan configure $w -sockname] 2]
show K3 {socket 127.0.0.2 $wp}
set k [show K4 {socket -myaddr 127.0.0.5 -myport 40123 127.0.0.1 $wp}]
puts "K4 sockname=[chan configure $k -sockname]"
show K5 {socket -myport 40123 -myaddr 127.0.0.5 127.0.0.1 $wp}
show K6 {socket -myaddr localhost 127.0.0.1 $wp}
show K7 {socket -myport 0 127.0.0.1 $wp}
show K8 {socket -myport 65536 127.0.0.1 $wp}
after 100 {set ::x 1}; vwait ::x
puts "K9 callbacks: $::accepted"
