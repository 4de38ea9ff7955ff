# server-options.tcl -- ambiguity server-unsupported; option.readonly; server I/O.
source [file join [file dirname [info script]] lib.tcl]
proc acc {args} { lappend ::accepted $args }
set s [socket -server acc 0]
show B1 {chan configure $s -connecting}
show B2 {chan configure $s -peername}
show B3 {chan configure $s -error}
show B4 {chan configure $s -sockname}
show B5 {chan configure $s}
show B6 {chan configure $s -bogus}
show B7 {chan configure $s -error foo}
show B8 {chan configure $s -sockname foo}
show B9 {gets $s}
show B10 {read $s}
show B11 {puts $s x}
show B12 {flush $s}
show B13 {chan configure $s -blocking 0}
close $s
set s [socket -server acc -myaddr 127.0.0.1 0]
set c [socket 127.0.0.1 [lindex [chan configure $s -sockname] 2]]
show B14 {chan configure $c}
show B15 {chan configure $c -connecting}
show B16 {chan configure $c -connecting 1}
show B17 {chan configure $c -peername x}
show B18 {chan configure $c -error x}
show B19 {chan configure $c -sockname x}
vwait accepted
set a [lindex $::accepted 0 0]
show B20 {chan configure $a}
show B21 {chan configure $a -connecting}
show B22 {chan configure $a -error}
close $c; close $a; close $s
