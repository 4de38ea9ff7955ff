# round-trip.tcl -- include for cases whose two ends of a connection live in
# this one interpreter. A case names it in its frontmatter:
#     # includes: [round-trip.tcl]
#
# A layered transport (TLS, say) has work to do on both ends before the first
# byte of data gets through: a handshake. When both ends share one
# interpreter, a blocking read, write or flush on one end waits for a peer
# that cannot run, and the case hangs; with plain sockets the same read or
# write returns. A case therefore lets the event loop carry the first
# exchange of a connection, with both ends nonblocking: round_trip does that
# once, after which data one end has flushed can be read on the other as with
# a plain socket, blocking or not.

# round_trip A B ?MS? --
#       Send a token from channel A to channel B, then one from B back to A,
#       each written and flushed with the writer nonblocking and read with
#       the reader nonblocking, polled through the event loop. Both channels
#       keep their other options; their -blocking mode is restored, and
#       nothing of the tokens is left to read. The tokens carry no line end
#       and only ASCII, so any -translation or -encoding reads them as sent.
#       A token that does not arrive within MS milliseconds fails the case.
proc round_trip {a b {ms 5000}} {
    foreach {from to token} [list $a $b sockconf-ping $b $a sockconf-pong] {
        set modes [list [chan configure $from -blocking] [chan configure $to -blocking]]
        chan configure $from -blocking 0
        chan configure $to -blocking 0
        puts -nonewline $from $token
        flush $from
        set got {}
        set n [string length $token]
        set deadline [expr {[clock milliseconds] + $ms}]
        while {[string length $got] < $n && ![eof $to]} {
            append got [read $to [expr {$n - [string length $got]}]]
            if {[string length $got] < $n} {
                if {[clock milliseconds] > $deadline} {
                    break
                }
                set tick ::sockconf::rt[incr ::sockconf::seq]
                after 5 [list set $tick 1]
                vwait $tick
                unset $tick
            }
        }
        chan configure $from -blocking [lindex $modes 0]
        chan configure $to -blocking [lindex $modes 1]
        assert_equal $token $got "the first exchange on the connection gets across ($from to $to)"
    }
}

# other_end CHAN CHANNELS --
#       The one of CHANNELS that is the other end of CHAN's connection (its
#       -peername is CHAN's -sockname), for cases that accept several
#       connections and pair them with their clients; "" when none is.
proc other_end {chan channels} {
    set mine [chan configure $chan -sockname]
    foreach other $channels {
        set theirs [chan configure $other -peername]
        if {[lindex $theirs 0] eq [lindex $mine 0] && [lindex $theirs 2] eq [lindex $mine 2]} {
            return $other
        }
    }
    return {}
}
