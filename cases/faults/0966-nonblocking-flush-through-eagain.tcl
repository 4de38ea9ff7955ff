# ---
# id: 0966
# title: a non-blocking flush of 1 MiB returns at once although the system refuses half its writes (EAGAIN) and takes at most 4000 bytes at a time, and the event loop delivers every byte in order
# clauses: [channel.nonblocking.background-flush, channel.data.intact, client.sync.switch-nonblocking]
# requires: [fault-shim, ipv4]
# profiles: [dual]
# faults: [output/client:EAGAIN:p=50, output/client:SHORT=4000]
# includes: [faults.tcl]
# timeout: 30
# ---
# In non-blocking mode puts and flush never wait: what the system does not
# take stays in the channel's buffers and is written from the event loop when
# the socket is writable. The fault shim makes a seeded half of the client's
# sends fail with EAGAIN (on a non-blocking descriptor only) and the others
# take at most 4000 bytes. The peer reads only from channel events, so when
# flush returns most of the data cannot have been sent yet.
lassign [connected_pair] c a
chan configure $c -blocking 0 -buffering full
set size [expr {1 << 20}]
set data [pattern $size]
puts -nonewline $c $data
flush $c
set left [chan pending output $c]
measure pending-after-flush.bytes $left
assert {$left > 0} "flush returned with data still to write"
drain $a ::got
wait_until {[string length $::got] >= $size && [chan pending output $c] == 0} 20000
assert_same_bytes $data $::got "the peer received every byte once, in order"
close $c
wait_for ::got-done 5000
assert_equal eof ${::got-done} "the reader sees end of file after the data"
close $a
