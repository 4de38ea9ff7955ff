# ---
# id: 0983
# title: closing the write side after 200 KiB were written through short non-blocking sends delivers all of them before end of file, and the answer still arrives
# clauses: [channel.half-close, channel.data.intact, channel.nonblocking.background-flush]
# requires: [fault-shim, ipv4, half-close]
# profiles: [dual]
# faults: ["output/client:EAGAIN:p=25", output/client:SHORT=1200]
# includes: [faults.tcl]
# timeout: 30
# ---
# close $chan write on a non-blocking channel with output still buffered must
# send that output first and only then the end of file; the read side stays
# open for the peer's answer. The fault shim makes the client's sends short or
# refused (seeded), so most of the data is still buffered at the close.
lassign [connected_pair] c a
set size [expr {200 * 1024}]
set data [pattern $size]
chan configure $c -blocking 0 -buffering full
puts -nonewline $c $data
close $c write
drain $a ::got
wait_for ::got-done 20000
assert_equal eof ${::got-done} "the peer reads end of file after the data"
assert_same_bytes $data $::got "every byte written before the close arrived, in order"
chan configure $a -blocking 1
puts -nonewline $a "received [string length $::got]"
close $a
chan configure $c -blocking 1
assert_equal "received $size" [read $c] "the answer arrives on the read side"
close $c
