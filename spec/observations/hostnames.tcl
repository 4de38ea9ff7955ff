# hostnames.tcl -- ambiguity hostname-element: host element of -sockname/-peername.
source [file join [file dirname [info script]] lib.tcl]
proc acc {c a p} { lappend ::accepted [list $c $a $p] }
set s [socket -server acc 0]
set port [lindex [chan configure $s -sockname] 2]
foreach {lbl host myaddr} {D1 127.0.0.1 {} D2 127.0.0.2 {} D3 ::1 {} D4 127.0.0.1 127.0.0.3} {
    if {$myaddr eq ""} {set c [socket $host $port]} else {set c [socket -myaddr $myaddr $host $port]}
    vwait ::accepted
    lassign [lindex $::accepted end] a ca cp
    puts "$lbl client: sockname=[list [chan configure $c -sockname]] peername=[list [chan configure $c -peername]]"
    puts "$lbl accepted: callback-addr=$ca callback-port=$cp sockname=[list [chan configure $a -sockname]] peername=[list [chan configure $a -peername]]"
    close $c; close $a
}
close $s
