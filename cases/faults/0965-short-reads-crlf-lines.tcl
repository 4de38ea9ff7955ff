# ---
# id: 0965
# title: lines ending in CR LF read with a blocking gets come out whole and without CR when every system read returns a single byte
# clauses: [channel.data.intact, channel.translation.default, server.accepted.read-write]
# requires: [fault-shim, ipv4]
# profiles: [dual]
# faults: [input/accepted:SHORT=1]
# includes: [faults.tcl]
# timeout: 20
# ---
# With every recv of the accepted side returning one byte, each CR LF line
# ending arrives split: the CR at the end of one read, the LF at the start of
# the next. The default input translation (auto) must still take the pair as
# one line ending: no line keeps its CR and no empty line appears between two
# lines.
lassign [connected_pair ""] c a
chan configure $c -translation binary
set lines {}
for {set i 0} {$i < 200} {incr i} {
    lappend lines "line $i of the client"
}
puts -nonewline $c "[join $lines \r\n]\r\n"
flush $c
set got {}
foreach want $lines {
    lappend got [gets $a]
}
assert_equal $lines $got "every line arrives whole, without its CR"
close $c
assert_equal -1 [gets $a line] "end of file follows the last line"
assert_equal 1 [eof $a] "the reader sees end of file"
close $a
