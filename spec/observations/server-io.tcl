# server-io.tcl -- I/O and channel events on a server channel (case 0428; ambiguity
# server-channel-io), and -peername on it (case 0619; ambiguity server-unsupported).
#   run.sh [--tclsh PROGRAM] server-io.tcl
source [file join [file dirname [info script]] lib.tcl]
set srv [socket -server {apply {{c a p} {close $c}}} -myaddr 127.0.0.1 0]
set i 0
foreach s {{gets $srv} {read $srv} {read $srv 1} {puts $srv x} {puts -nonewline $srv x} {flush $srv}
        {chan event $srv readable {set x 1}} {chan event $srv writable {set x 1}} {chan event $srv readable}
        {fblocked $srv} {eof $srv} {chan configure $srv -peername} {chan configure $srv -peer}} {
    show SI[incr i] [string map [list {$srv} $srv] $s]
}
set all [socket -server {apply {{c a p} {close $c}}} 0]
show SI[incr i] [list chan configure $all -peername]
