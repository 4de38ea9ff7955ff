# ---
# id: 0986
# title: an answer cut by a reset in the middle of its line reads, with a blocking gets, as the partial line at end of file or as a POSIX ECONNRESET error, never as more data
# clauses: [channel.read.reset-no-data, channel.eof.peer-close, client.connect.read-write]
# readings: [reset-reads-eof:eof, reset-reads-eof:error]
# requires: [fault-shim, ipv4]
# profiles: [dual]
# faults: [input/client:ECONNRESET:bytes=25]
# includes: [faults.tcl]
# timeout: 20
# ---
# The server answers with two lines; the fault shim resets the client's
# connection after the first 25 bytes, in the middle of the second line. A
# blocking gets then returns the first line whole, and the next one what
# arrived of the second line with end of file (gets without a newline), or
# fails with ECONNRESET: what the server sent after the reset never arrives.
lassign [connected_pair ""] c a
set first "the first line"
set second "the second line, cut by the reset"
puts $a $first
puts $a $second
flush $a
assert_equal $first [gets $c] "the line before the reset arrives whole"
# The first line and its CR LF (the default output translation) come first.
set cut [string range $second 0 [expr {25 - ([string length $first] + 2) - 1}]]
if {[catch {gets $c} line opts]} {
    assert_match {POSIX ECONNRESET *} [dict get $opts -errorcode] "a read error names the reset"
    set seen error
} else {
    assert_equal $cut $line "the cut line is what arrived of it, and nothing more"
    assert_equal 1 [eof $c] "it ends at end of file"
    set seen eof
}
observe reset.read $seen
compat assert_equal eof $seen "the reset reads as end of file"
close $a
close $c
