# ---
# id: 0741
# title: data written to a nonblocking socket just before it is closed all reaches the peer
# clauses: [channel.eof.peer-close, client.sync.switch-nonblocking]
# requires: [ipv4]
# timeout: 10
# includes: [round-trip.tcl]
# ---
# close on a nonblocking channel returns at once; what is still buffered is
# written in the background and the connection ends after it (chan(n)). The
# peer reads 4 KiB written just before the close: all of it must arrive, in
# order. How the stream then ends (end of file, as 0740 requires, or an
# error) is recorded here, not judged, so this case answers only whether the
# data got through.
set srv [socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket 127.0.0.1 $port]
wait_for ::accepted
set a $::accepted
round_trip $c $a
set payload {}
for {set i 0} {$i < 4096} {incr i} {
    append payload [format %c [expr {($i * 7 + 3) % 256}]]
}
set payload [binary format a* $payload]
chan configure $c -blocking 0 -translation binary
chan configure $a -blocking 0 -translation binary
puts -nonewline $c $payload
close $c
set ::got {}
chan event $a readable [list apply {{a} {
    if {[catch {read $a} data opts]} {
        chan event $a readable {}
        set ::end [list error [lrange [dict get $opts -errorcode] 0 1]]
        return
    }
    append ::got $data
    if {[eof $a]} {
        chan event $a readable {}
        set ::end eof
    }
}} $a]
wait_for ::end 5000
observe close.stream-end $::end
assert_equal [string length $payload] [string length $::got] "every byte written before the close arrives"
assert {$::got eq $payload} "in order and unchanged"
close $a
close $srv
