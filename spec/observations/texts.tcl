# texts.tcl -- the texts and -errorcode of system errors, which the manual leaves to the
# implementation (ambiguities errno-texts, bad-port-errors, extension-options).
#   run.sh --filter [--tclsh PROGRAM] texts.tcl
source [file join [file dirname [info script]] lib.tcl]
set srv [socket -server none -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
show T1 [list socket 127.0.0.1 [freeport]]
show T2 [list socket -myaddr ::1 127.0.0.1 $port]
show T3 [list socket -myaddr 127.0.0.1 -myport $port 127.0.0.1 $port]
show T4 [list socket -server none -myaddr 127.0.0.1 $port]
show T5 [list socket -myaddr 198.51.100.1 127.0.0.1 $port]
set c [socket -async 127.0.0.1 [freeport]]
waitw $c 2000
show T6 [list gets $c]
puts "T7: -error after the gets: [list [chan configure $c -error]]"
close $c
show T8 [list chan configure $srv -peername]
show T9 [list chan configure $srv -connecting]
set c [socket -async ::1 29]
puts "T10: ICMPv6 host-unreachable on ::1: -connecting at return [chan configure $c -connecting], writable [waitw $c 5000], -connecting [chan configure $c -connecting], -error [list [chan configure $c -error]]"
close $c
show T11 [list socket ::1 29]
show T12 {socket}
show T13 {socket -foo bar 127.0.0.1 80}
show T14 {socket 127.0.0.1 abc}
show T15 {socket -server none abc}
show T16 {socket -server none 65536}
show T17 {socket -server none {}}
show T18 [list chan configure $srv -sockname {127.0.0.1 x 1}]
puts "T19: option listing of a server: [dict keys [chan configure $srv]]"
show T20 {socket -asy 127.0.0.1 80}
show T21 {socket -- 127.0.0.1 80}
show T22 {socket -server none -myport 0 -myaddr 127.0.0.1 0}
foreach c [chan names sock*] {close $c}
