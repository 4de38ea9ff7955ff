# late-peer.tcl -- include for cases whose interpreter must be blocked in a read
# while the peer sends. It needs peer.tcl; a case names both in its
# frontmatter:
#     # includes: [peer.tcl, late-peer.tcl]

# late_peer --
#       A server on 127.0.0.1 (port chosen by the system) and, in a child
#       process (peer_process: this executable, with the target's setup, so
#       the peer speaks what the implementation under test speaks), a client
#       that connects, reads one line (the case's go-ahead), waits 200 ms,
#       sends "late line" and closes. Nothing is sent before the go-ahead, so
#       no fixed delay decides a case's outcome (a slow interpreter, valgrind,
#       gives the same verdict). Waits up to 5 s for the accepted channel,
#       which it leaves as the server made it, and returns {server child
#       accepted}; the case closes all three.
proc late_peer {} {
    set srv [socket -server {apply {{chan addr port} {set ::late_peer_accepted $chan}}} \
        -myaddr 127.0.0.1 0]
    set port [lindex [chan configure $srv -sockname] 2]
    set kid [peer_process [string map [list @PORT@ $port] {
        set s [socket 127.0.0.1 @PORT@]
        chan configure $s -buffering line
        gets $s
        after 200
        puts $s "late line"
        close $s
        exit 0
    }]]
    wait_for ::late_peer_accepted 5000
    return [list $srv $kid $::late_peer_accepted]
}
