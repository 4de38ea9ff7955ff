# ---
# id: 0973
# title: a connection reset after 6000 bytes reads, with a blocking gets, as those bytes' lines and then end of file or a POSIX ECONNRESET error, never as more data
# clauses: [channel.read.reset-no-data, channel.eof.peer-close, server.accepted.read-write]
# readings: [reset-reads-eof:eof, reset-reads-eof:error]
# requires: [fault-shim, ipv4]
# profiles: [dual]
# faults: [input/accepted:ECONNRESET:bytes=6000]
# includes: [faults.tcl]
# timeout: 20
# ---
# The peer sends 2560 lines of 8 bytes; after the first 6000 bytes the fault
# shim resets the connection on the accepted side: that receive fails with
# ECONNRESET and every later one finds end of file, as after a real reset. The
# reader must see the 750 whole lines that arrived and then an end: end of file
# (tclsh 8.6.13) or an ECONNRESET error. A line that was never received, a
# repeated one or a line made of stale bytes is data that did not arrive.
lassign [connected_pair] c a
set size [expr {2560 * 8}]
set data [pattern $size]
puts -nonewline $c $data
flush $c
set n 0
set seen {}
while 1 {
    if {[catch {gets $a line} len opts]} {
        assert_match {POSIX ECONNRESET *} [dict get $opts -errorcode] "a read error names the reset"
        set seen error
        break
    }
    if {$len < 0} {
        assert_equal 1 [eof $a] "a read that returns nothing reports end of file"
        set seen eof
        break
    }
    assert_equal [format %07x [expr {$n * 8}]] $line "line $n is the line sent at that place"
    incr n
    assert {$n <= 750} "no line beyond the 6000 bytes that arrived before the reset"
}
observe reset.read $seen
measure lines-before-reset.count $n
compat assert_equal eof $seen "the reset reads as end of file"
if {$seen eq "eof"} {
    assert_equal 750 $n "every whole line that arrived before the reset is read"
}
close $c
close $a
