# ---
# id: 0320
# title: the writable event of an -async connect does not fire when its first address refuses while the next one is still connecting
# clauses: [client.async.no-early-writable, client.async.next-address, client.async.success-event]
# readings: [address-order:resolver-order, address-order:file-order]
# requires: [names]
# params: [name-v6-first]
# timeout: 20
# includes: [pending.tcl, peer.tcl]
# ---
# The name lists ::1 first, where nothing listens, then 127.0.0.1. The server
# on 127.0.0.1 is a helper process (peer_process: this executable with the
# target's setup) that does not accept until told to, and pending_connect fills its listen
# queue: so after ::1 refuses, the attempt to 127.0.0.1 stays in progress (its
# SYN is dropped until the queue drains and the SYN is retried, about 1 s).
# The refusal of ::1 is not the end of the connect: the first writable event
# must come only once the connect to 127.0.0.1 has completed.
# The helper's gets reads the "go" sent later; it exits when this side closes
# the pipe. It keeps each connection open, reading it until the client closes,
# so that a transport with a handshake (TLS) completes it.
set kid [peer_process {
    set srv [socket -server {apply {{c a p} {
        chan configure $c -blocking 0
        chan event $c readable [list apply {{c} {
            if {[catch {read $c}] || [eof $c]} {
                close $c
            }
        }} $c]
    }}} -myaddr 127.0.0.1 0]
    puts [lindex [chan configure $srv -sockname] 2]
    flush stdout
    gets stdin
    chan event stdin readable exit
    vwait forever
}]
set port [gets $kid]
assert_regexp {^[0-9]+$} $port "the helper server reports its port"
set filler [pending_connect $port]

set c [socket -async [param name-v6-first] $port]
chan event $c writable [list apply {{c} {
    chan event $c writable {}
    set ::first [list [chan configure $c -connecting] [chan configure $c -error]]
}} $c]
# Half a second of event loop while 127.0.0.1 is still connecting: ::1 has
# refused by then, and the connect has moved on to the next address.
after 500 {set ::half done}
vwait ::half
puts $kid go
lassign [wait_for ::first 15000] connecting error
assert_equal 0 $connecting "in the first writable call the connect has completed"
assert_equal "" $error "and succeeded through the second address"
assert_equal 127.0.0.1 [lindex [chan configure $c -peername] 0] "the socket is connected to 127.0.0.1"
close $c
close $filler
close $kid
