# ---
# id: 0108
# title: the manual's time client reads the time and the seconds since start from the time server over localhost
# clauses: [example.time-client, client.host.localhost]
# timeout: 15
# includes: [peer.tcl]
# ---
# The manual's client blocks in gets, so the manual's server runs in a child
# process (peer_process: the same executable with the target's setup). The
# child listens on port 0 instead of 9900 and reports the port on its standard
# output; it ends when its standard input is closed.
set p [peer_process {
    proc Server {startTime channel clientaddr clientport} {
        puts "Connection from $clientaddr registered"
        set now [clock seconds]
        puts $channel [clock format $now]
        puts $channel "[expr {$now - $startTime}] since start"
        close $channel
    }

    set srv [socket -server [list Server [clock seconds]] 0]
    puts [lindex [chan configure $srv -sockname] 2]
    flush stdout
    chan event stdin readable {set forever stdin-closed}
    after 10000 {set forever timeout}
    vwait forever
}]
chan configure $p -blocking 0
wait_until {[gets $p port] >= 0 || [eof $p]} 5000
assert {[string is integer -strict $port]} "the child time server reported its port"

# The manual's client, verbatim but for the port.
set server localhost
set sockChan [socket $server $port]
gets $sockChan line1
gets $sockChan line2
close $sockChan

set fmt {%a %b %d %H:%M:%S %Z %Y}
assert {![catch {clock scan $line1 -format $fmt} t1]} "line 1 is the server's time in clock format's form"
assert {abs($t1 - [clock seconds]) <= 5} "line 1 is the current time"
assert_regexp {^[0-9]+ since start$} $line2 "line 2 is the seconds since the server started"
assert {[string is integer -strict [lindex $line2 0]]} "the first word of line 2 is the elapsed seconds"

wait_until {[gets $p said] >= 0 || [eof $p]} 5000
assert_match {Connection from * registered} $said "the server saw the connection"
observe example.client-address [lindex $said 2]
chan configure $p -blocking 1
close $p
