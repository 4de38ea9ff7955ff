# ---
# id: 0985
# title: a background fcopy with -size between two non-blocking connections whose sends and receives are often refused (EAGAIN) copies exactly that many bytes, and the rest stays readable at the source
# clauses: [channel.data.intact, description.channel.io]
# requires: [fault-shim, ipv4]
# profiles: [dual]
# faults: ["output:EAGAIN:p=40", "input/accepted:EAGAIN:p=40"]
# includes: [faults.tcl]
# timeout: 30
# ---
# fcopy -size N stops after N bytes; a refused write must not count as
# written and a refused read not as end of file. The source connection
# carries 300 KiB; the copy takes the first 200 000 bytes to the second
# connection, and the remaining bytes are then read from the source.
lassign [connected_pair] src in
lassign [connected_pair] out sink
set size [expr {300 * 1024}]
set data [pattern $size]
chan configure $src -blocking 0 -buffering full
puts -nonewline $src $data
close $src
chan configure $in -blocking 0
chan configure $out -blocking 0
drain $sink ::got
fcopy $in $out -size 200000 -command [list apply {{count args} {
    set ::copied [list $count {*}$args]
}}]
wait_for ::copied 20000
assert_equal 200000 [lindex $::copied 0] "fcopy reports the bytes asked for, and no error"
close $out
wait_for ::got-done 10000
assert_same_bytes [string range $data 0 199999] $::got "the far end received exactly the first 200 000 bytes"
drain $in ::rest
wait_for ::rest-done 10000
assert_same_bytes [string range $data 200000 end] $::rest "the rest is still read from the source, in order"
close $in
close $sink
