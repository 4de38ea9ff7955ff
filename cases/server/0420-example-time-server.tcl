# ---
# id: 0420
# title: the manual's time server answers a client with the time and the seconds since start, then closes
# clauses: [example.time-server, server.accept.command-prefix]
# requires: [ipv4]
# timeout: 10
# includes: [peer.tcl]
# ---
# The manual's server, nearly verbatim: a free port instead of 9900, and the
# vwait bounded by the case's own client instead of waiting forever. The
# server writes in blocking mode from its callback, so the client runs in a
# child process (peer_process: this executable with the target's setup),
# served while the callback waits: it reads to end of file and reports the
# lines and how the stream ended.
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

set kid [peer_process [string map [list @PORT@ $port] {
    set c [socket 127.0.0.1 @PORT@]
    set lines {}
    while {![catch {gets $c line} n] && $n >= 0} {
        lappend lines $line
    }
    puts [list [expr {[eof $c] ? "eof" : "error: $n"}] $lines]
    exit 0
}]]
chan configure $kid -blocking 0
set report {}
wait_until {[gets $kid report] >= 0 || [eof $kid]} 5000
close $kid
close $srv
lassign $report end ::lines
assert_equal eof $end "the server closed the connection after its two lines"

assert_equal 2 [llength $::lines] "the server sends exactly two lines"
lassign $::lines line1 line2
set fmt {%a %b %d %H:%M:%S %Z %Y}
assert {![catch {clock scan $line1 -format $fmt} t1]} "line 1 is a time in clock format's default form"
assert {abs($t1 - [clock seconds]) <= 5} "line 1 is the current time"
assert_regexp {^[0-9]+ since start$} $line2 "line 2 is the seconds since start"
assert {[lindex $line2 0] >= 0 && [lindex $line2 0] <= 5} "the elapsed time is small"
