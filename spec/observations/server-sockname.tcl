# server-sockname.tcl -- ambiguity server-sockname: groups and order of a server's -sockname.
source [file join [file dirname [info script]] lib.tcl]
proc none args {}
foreach {lbl cmd} {
    C1 {socket -server none 0}
    C2 {socket -server none -myaddr localhost 0}
    C3 {socket -server none -myaddr 127.0.0.1 0}
    C4 {socket -server none -myaddr ::1 0}
    C5 {socket -server none -myaddr both46 0}
    C6 {socket -server none -myaddr both64 0}
    C7 {socket -server none -myaddr 0.0.0.0 0}
    C8 {socket -server none -myaddr :: 0}
} {
    set s [show $lbl $cmd]
    if {[string match sock* $s]} { show $lbl-sockname {chan configure $s -sockname}; close $s }
}
# C9: a wildcard server on a port whose 127.0.0.1 is already taken
set s [socket -server none -myaddr 127.0.0.1 0]
set port [lindex [chan configure $s -sockname] 2]
set w [show C9 {socket -server none $port}]
if {[string match sock* $w]} { show C9-sockname {chan configure $w -sockname}; close $w }
close $s
