# callbacks.tcl -- how the -server command is evaluated and what becomes of a new channel
# when it fails (cases 0426, 0427; ambiguities callback-form, accept-callback-error).
#   run.sh [--tclsh PROGRAM] callbacks.tcl
source [file join [file dirname [info script]] lib.tcl]
interp bgerror {} [list apply {{m o} {lappend ::bg [list $m [dict get $o -code]]}}]
proc acc {args} {lappend ::calls [llength $args]}
proc try {label prefix} {
    set ::bg {}
    set ::calls {}
    unset -nocomplain ::x
    set srv [socket -server $prefix -myaddr 127.0.0.1 0]
    set before [chan names sock*]
    set c [socket 127.0.0.1 [lindex [chan configure $srv -sockname] 2]]
    after 300 {set ::t 1}
    vwait ::t
    chan configure $c -blocking 0
    set n [gets $c line]
    puts "$label: [list $prefix] -> calls=[list $::calls] x=[expr {[info exists ::x] ? $::x : {-}}]\
        bgerror=[list $::bg] client: gets=$n [list $line] eof=[eof $c]\
        new channel open=[expr {[llength [chan names sock*]] > [llength $before]}]"
    close $c
    foreach ch [chan names sock*] {if {$ch ni $before} {close $ch}}
    close $srv
}
try CB1 {set ::x 1; acc}
try CB2 {acc [set ::x 2]}
try CB3 {set x 3; acc}
try CB4 [list acc a {b c}]
try CB5 {apply {{c a p} {error boom}}}
try CB6 {apply {{c a p} {puts $c before; flush $c; error boom}}}
try CB7 {apply {{c a p} {close $c; error boom}}}
try CB8 {apply {{c a p} {return -code break}}}
try CB9 {apply {{c a p} {return -code continue}}}
try CB10 nosuchcommand
# CB11: from a vwait in a proc of namespace ::ns1 that has its own acc: which acc runs, and
# where does an unqualified variable of the script go?
namespace eval ::ns1 {
    proc acc {args} {set ::which ::ns1::acc}
    proc wait {port} {
        set c [socket 127.0.0.1 $port]
        after 300 {set ::t 1}
        vwait ::t
        close $c
        return "ran [expr {[info exists ::which] ? $::which : {none}}]; y: local [info exists y],\
            global [info exists ::y], namespace [info exists ::ns1::y]"
    }
}
proc acc {args} {set ::which ::acc}
set srv [socket -server {set y 1; acc} -myaddr 127.0.0.1 0]
puts "CB11: [ns1::wait [lindex [chan configure $srv -sockname] 2]]"
foreach ch [chan names sock*] {close $ch}
