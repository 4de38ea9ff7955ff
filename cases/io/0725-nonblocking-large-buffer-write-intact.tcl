# ---
# id: 0725
# title: 4 MiB written at once to a nonblocking socket with 1 MiB buffers all arrive, in order, however little each system write takes
# clauses: [client.sync.switch-nonblocking, client.connect.read-write, server.accepted.read-write]
# requires: [ipv4]
# timeout: 30
# includes: [round-trip.tcl]
# ---
# With -buffersize 1048576 the channel hands the socket 1 MiB at a time, more
# than the system takes in one write while the peer does not read: each write
# is partial, and the rest must be written later from the event loop. The
# peer starts reading only after the writer has queued everything and closed.
set size [expr {4 << 20}]
set block {}
for {set i 0} {$i < 4096} {incr i} {
    append block [format %c [expr {($i * 13 + 5) % 256}]]
}
set data [string repeat [binary format a* $block] [expr {$size / 4096}]]
set srv [socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket 127.0.0.1 $port]
wait_for ::accepted 5000
set a $::accepted
round_trip $c $a
chan configure $c -blocking 0 -translation binary -buffering full -buffersize 1048576
puts -nonewline $c $data
close $c
proc reader {chan} {
    append ::got [read $chan]
    if {[eof $chan]} {
        chan event $chan readable {}
        set ::done 1
    }
}
set got {}
chan configure $a -blocking 0 -translation binary
chan event $a readable [list reader $a]
wait_for ::done 20000
assert_equal $size [string length $got] "every byte written arrived"
assert {$got eq $data} "in order and intact"
close $a
close $srv
