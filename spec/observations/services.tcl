# services.tcl -- ambiguity service-names; integer syntax of ports.
source [file join [file dirname [info script]] lib.tcl]
proc acc {c a p} { close $c }
set s [show E1 {socket -server acc http}]
if {[string match sock* $s]} { show E1-sockname {chan configure $s -sockname} }
set c [show E2 {socket localhost http}]
if {[string match sock* $c]} { show E2-peername {chan configure $c -peername}; close $c }
set c [show E3 {socket 127.0.0.1 www}]
if {[string match sock* $c]} { show E3-peername {chan configure $c -peername}; close $c }
set c [show E4 {socket -myport echo 127.0.0.1 http}]
if {[string match sock* $c]} { show E4-sockname {chan configure $c -sockname}; close $c }
show E5 {socket -server acc -myaddr 127.0.0.1 HTTP}
show E6 {socket -server acc -myaddr 127.0.0.1 80x}
set x [show E7 {socket -server acc -myaddr 127.0.0.1 0x1f90}]
if {[string match sock* $x]} { show E7-sockname {chan configure $x -sockname}; close $x }
set x [show E8 {socket -server acc -myaddr 127.0.0.1 " 8081 "}]
if {[string match sock* $x]} { show E8-sockname {chan configure $x -sockname}; close $x }
show E9 {socket 127.0.0.1 0}
if {[string match sock* $s]} { close $s }
