# backlog.tcl -- ambiguity close-backlog: a connection the kernel completed but Tcl has not yet
# accepted when the server channel is closed; and an error raised by the accept callback.
source [file join [file dirname [info script]] lib.tcl]
proc acc {c a p} { lappend ::accepted $c }
set s [socket -server acc -myaddr 127.0.0.1 0]
set port [lindex [chan configure $s -sockname] 2]
set c [socket 127.0.0.1 $port]
puts "Q1 client connected before any event loop: [chan configure $c -peername]"
close $s
after 100 {set ::x 1}; vwait ::x
puts "Q1 callbacks after close=[info exists ::accepted]"
chan configure $c -blocking 0
puts -nonewline $c x
show Q2-flush {flush $c}
after 100 {set ::x 1}; vwait ::x
show Q2-read {read $c}
puts "Q2 eof=[eof $c]"
catch {close $c}
proc bad {c a p} { lappend ::bad $c; error boom }
proc bgerror {m} { lappend ::bg $m }
set s [socket -server bad -myaddr 127.0.0.1 0]
set c [socket 127.0.0.1 [lindex [chan configure $s -sockname] 2]]
after 200 {set ::x 1}; vwait ::x
set a [lindex $::bad 0]
puts "Q3 callback error -> bgerror=[list $::bg] accepted channel still open=[expr {$a in [chan names]}]"
