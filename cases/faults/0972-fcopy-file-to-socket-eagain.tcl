# ---
# id: 0972
# title: a background fcopy from a file to a non-blocking socket whose system refuses a third of the writes (EAGAIN) and takes at most 3000 bytes at a time copies the whole file in order
# clauses: [channel.data.intact, channel.nonblocking.background-flush, description.channel.io]
# requires: [fault-shim, ipv4]
# profiles: [dual]
# faults: [output/client:EAGAIN:p=33, output/client:SHORT=3000]
# includes: [faults.tcl]
# timeout: 30
# ---
# The file's reads are the system's own and untouched (the shim alters
# sockets only); the socket's sends fail with EAGAIN (seeded) or fall short,
# so the copy must wait for the socket to become writable again and go on
# where the system stopped.
lassign [connected_pair] c a
set size [expr {512 * 1024}]
set data [pattern $size]
set f [file tempfile path]
chan configure $f -translation binary
puts -nonewline $f $data
close $f
set f [open $path rb]
chan configure $c -blocking 0
drain $a ::got
fcopy $f $c -command [list apply {{count args} {
    set ::copied [list $count {*}$args]
}}]
wait_for ::copied 20000
assert_equal $size [lindex $::copied 0] "fcopy reports the whole file copied, and no error"
close $f
close $c
wait_for ::got-done 10000
assert_same_bytes $data $::got "the peer received the file once, in order"
close $a
