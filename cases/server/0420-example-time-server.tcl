# ---
# id: 0420
# title: the manual's time server answers a client with the time and the seconds since start, then closes
# clauses: [example.time-server, server.accept.command-prefix]
# requires: [ipv4]
# timeout: 10
# ---
# The manual's server, nearly verbatim: a free port instead of 9900, and the
# vwait bounded by the case's own client instead of waiting forever.
proc Server {startTime channel clientaddr clientport} {
    puts "Connection from $clientaddr registered"
    set now [clock seconds]
    puts $channel [clock format $now]
    puts $channel "[expr {$now - $startTime}] since start"
    close $channel
}

set started [clock seconds]
set srv [socket -server [list Server $started] [free_port 127.0.0.1]]
set port [lindex [chan configure $srv -sockname] 2]

# A client that does not block the event loop the server needs.
set c [socket -async 127.0.0.1 $port]
chan configure $c -blocking 0
set ::lines {}
chan event $c readable [list apply {{c} {
    while {[gets $c line] >= 0} {lappend ::lines $line}
    if {[eof $c]} {set ::forever done}
}} $c]
after 5000 {set ::forever timeout}
vwait forever
assert_equal done $::forever "the server closed the connection after its two lines"
close $c
close $srv

assert_equal 2 [llength $::lines] "the server sends exactly two lines"
lassign $::lines line1 line2
set fmt {%a %b %d %H:%M:%S %Z %Y}
assert {![catch {clock scan $line1 -format $fmt} t1]} "line 1 is a time in clock format's default form"
assert {abs($t1 - [clock seconds]) <= 5} "line 1 is the current time"
assert_regexp {^[0-9]+ since start$} $line2 "line 2 is the seconds since start"
assert {[lindex $line2 0] >= 0 && [lindex $line2 0] <= 5} "the elapsed time is small"
