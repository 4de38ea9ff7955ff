# order.tcl -- ambiguity address-order: which address of a multi-address name is tried first.
# hosts.dual: both46 = ::1 then 127.0.0.1; both64 = 127.0.0.1 then ::1; localhost = both.
source [file join [file dirname [info script]] lib.tcl]
proc acc {c a p} { close $c }
set s [socket -server acc -myaddr both46 0]
set port [lindex [chan configure $s -sockname] 2]
puts "G0 server -myaddr both46 sockname=[chan configure $s -sockname]"
foreach name {both46 both64 localhost} {
    set c [socket $name $port]
    puts "G1 sync $name -> peername=[chan configure $c -peername]"
    close $c
    set c [socket -async $name $port]
    puts "G2 async $name -> [waitw $c 3000] peername=[chan configure $c -peername]"
    close $c
}
close $s
foreach {lbl only} {G3 ::1 G4 127.0.0.1} {
    set s [socket -server acc -myaddr $only 0]
    set p [lindex [chan configure $s -sockname] 2]
    foreach name {both46 both64} {
        set rc [catch {socket $name $p} c]
        puts "$lbl sync $name (only $only listens) -> rc=$rc [expr {$rc ? $c : [chan configure $c -peername]}]"
        if {!$rc} {close $c}
        set c [socket -async $name $p]
        puts "$lbl async $name (only $only listens) -> [waitw $c 3000] connecting=[chan configure $c -connecting] error=[list [chan configure $c -error]] peername=[chan configure $c -peername]"
        close $c
    }
    close $s
}
set s [socket -server acc -myaddr both46 0]; set p [lindex [chan configure $s -sockname] 2]; close $s
show G5 {socket both46 $p}
set c [socket -async both46 $p]
puts "G6 async both refused -> [waitw $c 3000] connecting=[chan configure $c -connecting] error=[list [chan configure $c -error]]"
close $c
