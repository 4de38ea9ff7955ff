# events.tcl -- ambiguity failure-event: writable/readable events after a failed -async connect.
# Run with --filter (port 19 RST, 29 host-unreachable).
source [file join [file dirname [info script]] lib.tcl]
foreach {lbl host port} [list H1 127.0.0.1 [freeport] H2 127.0.0.1 19 H3 ::1 29] {
    set ::nw 0; set ::nr 0; set ::first {}
    set c [socket -async $host $port]
    set c0 [chan configure $c -connecting]
    chan event $c writable [list apply {{c} {
        incr ::nw
        if {$::nw == 1} {set ::first [chan configure $c -connecting]}
        if {$::nw >= 20} {chan event $c writable {}}
    }} $c]
    chan event $c readable [list apply {{c} {incr ::nr; if {$::nr >= 20} {chan event $c readable {}}}} $c]
    after 2500 {set ::stop 1}; vwait ::stop
    puts "$lbl $host:$port connecting-at-return=$c0 writable-calls=$::nw readable-calls=$::nr (capped at 20) -connecting-in-first-writable=$::first error=[list [chan configure $c -error]]"
    close $c
}
