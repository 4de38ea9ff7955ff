# ---
# id: 0971
# title: a background fcopy from one connection to another through short reads and short writes copies every byte in order and reports the count
# clauses: [channel.data.intact, description.channel.io, server.accepted.read-write]
# requires: [fault-shim, ipv4]
# profiles: [dual]
# faults: [input/accepted:SHORT=777, output/client:SHORT=555]
# includes: [faults.tcl]
# timeout: 30
# ---
# fcopy moves data between channels from the event loop. The fault shim makes
# every receive of an accepted socket return at most 777 bytes and every send
# of a client take at most 555: the copy reads from the first connection's
# accepted end and writes to the second connection's client end.
lassign [connected_pair] src in
lassign [connected_pair] out sink
set size [expr {384 * 1024}]
set data [pattern $size]
chan configure $src -blocking 0 -buffering full
puts -nonewline $src $data
close $src
chan configure $in -blocking 0
chan configure $out -blocking 0
fcopy $in $out -command [list apply {{count args} {
    set ::copied [list $count {*}$args]
}}]
drain $sink ::got
wait_for ::copied 20000
assert_equal $size [lindex $::copied 0] "fcopy reports every byte copied, and no error"
close $in
close $out
wait_for ::got-done 10000
assert_same_bytes $data $::got "the far end received every byte once, in order"
close $sink
