# ---
# id: 0715
# title: one MiB sent each way at once over nonblocking sockets driven by channel events arrives intact
# clauses: [client.sync.switch-nonblocking, client.connect.read-write, server.accepted.read-write]
# requires: [ipv4]
# timeout: 30
# ---
# Both ends write 1 MiB and read 1 MiB at the same time; with blocking writes
# this would deadlock once the socket buffers fill, so it also checks that
# nonblocking writes queue and drain through the event loop.
set size [expr {1 << 20}]
proc pattern {seed size} {
    set block {}
    for {set i 0} {$i < 4096} {incr i} {
        append block [format %c [expr {($i * 7 + $seed) % 256}]]
    }
    return [string repeat [binary format a* $block] [expr {$size / 4096}]]
}
set up [pattern 1 $size]
set down [pattern 2 $size]

proc reader {chan key} {
    append ::got($key) [read $chan]
    if {[eof $chan] || [string length $::got($key)] >= $::size} {
        chan event $chan readable {}
        incr ::done
    }
}
set srv [socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket 127.0.0.1 $port]
wait_for ::accepted
set a $::accepted
foreach {chan key} [list $c client $a server] {
    chan configure $chan -blocking 0 -translation binary -buffering full
    set got($key) {}
    chan event $chan readable [list reader $chan $key]
}
set done 0
puts -nonewline $c $up
puts -nonewline $a $down
wait_until {$::done == 2} 20000
assert_equal $size [string length $got(server)] "the server received 1 MiB"
assert {$got(server) eq $up} "client to server: the data is intact"
assert_equal $size [string length $got(client)] "the client received 1 MiB"
assert {$got(client) eq $down} "server to client: the data is intact"
close $c
close $a
close $srv
