# ---
# id: 0982
# title: a line-by-line exchange over a blocking channel goes on when every system send moves a single byte
# clauses: [channel.data.intact, server.accepted.read-write]
# requires: [fault-shim, ipv4]
# profiles: [dual]
# faults: [output:SHORT=1, input/client:SHORT=1]
# includes: [faults.tcl, peer.tcl]
# timeout: 30
# ---
# A peer in a child process (peer_process: this executable with the target's
# setup, so both ends are the implementation under test; the fault shim acts
# on it too) answers every line it reads. The case sends a
# request on the accepted channel and waits for the answer with a blocking
# gets. Every send of both sides moves one byte (and every receive of the
# peer), so an answer arrives in pieces; gets must return the line as soon
# as its end has arrived: an implementation that waits to fill its buffer
# first deadlocks, since the peer sends nothing more until it is answered.
set srv [socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set kid [peer_process [string map [list @PORT@ $port] {
    set s [socket 127.0.0.1 @PORT@]
    chan configure $s -buffering line
    while {[gets $s line] >= 0} {
        puts $s "answer to $line"
    }
    close $s
    exit 0
}]]
wait_for ::accepted 5000
set a $::accepted
chan configure $a -buffering line
for {set i 0} {$i < 30} {incr i} {
    puts $a "request $i"
    assert_equal "answer to request $i" [gets $a] "answer $i arrives whole"
}
close $a
close $kid
close $srv
