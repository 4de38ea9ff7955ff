# ---
# id: 0974
# title: a reader driven by readable events on a connection reset after 100 000 bytes gets exactly those bytes and comes to an end, end of file or a POSIX ECONNRESET error
# clauses: [channel.read.reset-no-data, channel.eof.peer-close]
# readings: [reset-reads-eof:eof, reset-reads-eof:error]
# requires: [fault-shim, ipv4]
# profiles: [dual]
# faults: [input/accepted:ECONNRESET:bytes=100000]
# includes: [faults.tcl]
# timeout: 20
# ---
# As 0973, for a non-blocking reader that reads everything there is from its
# readable events. After the reset the socket stays readable (a reset socket
# is), so a reader that takes the reset for "no data yet" is woken again and
# must not loop for ever nor invent data.
lassign [connected_pair] c a
set size [expr {256 * 1024}]
set data [pattern $size]
chan configure $c -blocking 0 -buffering full
puts -nonewline $c $data
drain $a ::got
wait_for ::got-done 10000
set seen [lindex ${::got-done} 0]
if {$seen eq "error"} {
    assert_match {POSIX ECONNRESET *} [lindex ${::got-done} 2] "a read error names the reset"
}
observe reset.read $seen
measure bytes-before-reset.count [string length $::got]
assert {[string length $::got] <= 100000} "no byte beyond the 100 000 that arrived before the reset"
assert_same_bytes [string range $data 0 [expr {[string length $::got] - 1}]] $::got \
    "what was read is what was sent, from the start"
compat assert_equal eof $seen "the reset reads as end of file"
if {$seen eq "eof"} {
    assert_equal 100000 [string length $::got] "every byte that arrived before the reset is read"
}
catch {close $c}
close $a
