# ---
# id: 0976
# title: when the connection breaks (EPIPE) while a non-blocking socket flushes in the background, a later write or the close reports a POSIX error and the interpreter lives on
# clauses: [channel.write.peer-closed, channel.nonblocking.background-flush]
# requires: [fault-shim, ipv4]
# profiles: [dual]
# faults: [output/client:EAGAIN:3, output/client:EPIPE:bytes=50000]
# includes: [faults.tcl]
# timeout: 20
# ---
# In non-blocking mode flush returns at once and the data goes out from the
# event loop; a failure there has no command to fail. It must not be lost:
# a later puts, flush or close on the channel reports it (or -error names
# it), and SIGPIPE, which the break raises, must not kill the interpreter.
# The fault shim refuses the client's first three sends (EAGAIN), so the
# flush leaves everything to the event loop, and breaks the connection after
# 50 000 bytes.
lassign [connected_pair] c a
chan configure $c -blocking 0 -buffering full
set data [pattern 400000]
set errors {}
if {[catch {puts -nonewline $c $data; flush $c} msg opts]} {
    lappend errors [dict get $opts -errorcode]
}
drain $a ::got
wait_for ::got-done 10000
set pending [chan configure $c -error]
if {$pending ne ""} {
    lappend errors "-error: $pending"
}
foreach step {{puts -nonewline $c more} {flush $c} {close $c}} {
    if {[catch $step msg opts]} {
        lappend errors [dict get $opts -errorcode]
    }
}
catch {close $c}
observe errors [string map [list $c CHAN] $errors]
assert {[llength $errors] > 0} "the broken connection is reported by a later operation"
assert {[string length $::got] <= 50000} "no byte beyond the break reached the peer"
assert_same_bytes [string range $data 0 [expr {[string length $::got] - 1}]] $::got \
    "what reached the peer is what was sent, from the start"
close $a
