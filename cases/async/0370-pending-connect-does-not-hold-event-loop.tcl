# ---
# id: 0370
# title: a blocking -async socket waiting for its writable event does not hold up the event loop while its server has not answered yet
# clauses: [client.async.does-not-hold, client.async.success-event]
# requires: [ipv4]
# timeout: 15
# includes: [peer.tcl]
# ---
# The server runs in a child process (peer_process: this executable with the
# target's setup, so it speaks what the client speaks). Its system completes
# the TCP connect at once, but the server itself serves nothing until it
# reads a go-ahead on its standard input, or until 3 s have passed without
# one; then it reports which of the two it was. The case, in blocking mode
# as a socket is made, watches for writable (the manual's way to learn that
# an -async connect is done) and sends the go-ahead from a 50 ms timer. The
# timer must run while the connect waits for the server: an implementation
# whose connect still needs the server's answer (a TLS handshake) and waits
# for it inside the event loop freezes the loop, so the go-ahead never comes
# and the server reports that it gave up. Nothing here is timed: 3 s is only
# the peer's bound on waiting for the 50 ms timer.
set kid [peer_process {
    set srv [socket -server {apply {{chan addr port} {
        chan configure $chan -blocking 0
        chan event $chan readable [list apply {{chan} {
            if {[catch {read $chan}] || [eof $chan]} {
                close $chan
            }
        }} $chan]
    }}} -myaddr 127.0.0.1 0]
    puts [lindex [chan configure $srv -sockname] 2]
    flush stdout
    chan configure stdin -blocking 0
    set deadline [expr {[clock milliseconds] + 3000}]
    set how "no go-ahead within 3 s"
    while {[clock milliseconds] < $deadline} {
        if {[gets stdin line] >= 0} {
            set how "go-ahead"
            break
        }
        after 10
    }
    puts $how
    flush stdout
    chan event stdin readable {if {[eof stdin] || [gets stdin] eq ""} exit}
    vwait forever
}]
set port [gets $kid]
assert_regexp {^[0-9]+$} $port "the server reports its port"

set c [socket -async 127.0.0.1 $port]
assert_equal 1 [chan configure $c -blocking] "the socket is in blocking mode"
chan event $c writable [list apply {{c} {
    chan event $c writable {}
    set ::connected [list [chan configure $c -connecting] [chan configure $c -error]]
}} $c]
after 50 [list apply {{kid} {
    puts $kid go
    set ::timer fired
}} $kid]
wait_for ::timer 10000
wait_for ::connected 10000
lassign $::connected connecting error
assert_equal 0 $connecting "the writable event comes once the connect is done"
assert_equal "" $error "and it succeeded"
chan configure $kid -blocking 0
wait_until {[gets $kid how] >= 0 || [eof $kid]} 5000
observe server.waited-for $how
assert_equal "go-ahead" $how "the timer ran while the connect was pending: the server got its go-ahead"
close $c
close $kid
