# ---
# id: 0427
# title: the new channel of an accept callback that fails is closed, so its client reads end of file, or stays open for the script; it never leaks
# clauses: [server.accept.error-closes-channel, server.accept.callback-error, channel.eof.peer-close]
# readings: [accept-callback-error:bgerror-and-close, accept-callback-error:bgerror-keep]
# requires: [ipv4]
# timeout: 15
# ---
# Four callbacks that do not return normally: one raising an error after writing a line, one
# closing the channel and then raising an error, one returning break, one naming no command.
# The manual does not say what becomes of the new channel (ambiguity accept-callback-error):
# closed (its client reads what was written, then end of file) or kept (it is still in
# chan names and carries data). A channel that is neither is a descriptor leak, and fails.
# tclsh 8.6.13 closes it in every form (spec/observations/callbacks.tcl CB5-CB10).
interp bgerror {} [list apply {{message opts} {lappend ::bgerrors [dict get $opts -code]}}]
proc writes-then-fails {chan addr port} {
    set ::accepted $chan
    # nonblocking: the client is in this interpreter, and a layered transport's
    # first write waits for its handshake, which the client does in the event loop
    chan configure $chan -blocking 0
    puts $chan "written before the error"
    flush $chan
    error "accept callback failed"
}
proc closes-then-fails {chan addr port} {
    set ::accepted $chan
    close $chan
    error "accept callback failed after closing"
}
proc breaks {chan addr port} {
    set ::accepted $chan
    return -code break
}
set outcomes {}
foreach {form callback first} {
    error writes-then-fails {written before the error}
    close-error closes-then-fails {}
    break breaks {}
    unknown-command no-such-accept-command {}
} {
    set ::bgerrors {}
    unset -nocomplain ::accepted
    set srv [socket -server $callback -myaddr 127.0.0.1 0]
    set before [chan names sock*]
    set c [socket 127.0.0.1 [lindex [chan configure $srv -sockname] 2]]
    wait_until {[llength $::bgerrors] > 0} 5000
    assert_equal 1 [llength $::bgerrors] "$form: the failure is reported once to the background error handler"
    set left [lmap ch [chan names sock*] {expr {$ch in $before || $ch eq $c ? [continue] : $ch}}]
    chan configure $c -blocking 0
    if {$left eq ""} {
        # Closed: the client reads what was written, then end of file.
        wait_until {[gets $c line] >= 0 || [eof $c]} 5000
        if {$first ne ""} {
            assert_equal $first $line "$form: the line written before the failure arrives"
            wait_until {[gets $c line] < 0 && [eof $c]} 5000
        }
        assert {[eof $c]} "$form: the client of a closed channel reads end of file"
        lappend outcomes $form closed
    } else {
        # Kept: the script can still use it.
        assert_equal 1 [llength $left] "$form: one new channel"
        puts [lindex $left 0] "still open"
        flush [lindex $left 0]
        wait_until {[gets $c line] >= 0} 5000
        if {$first ne "" && $line eq $first} {
            wait_until {[gets $c line] >= 0} 5000
        }
        assert_equal "still open" $line "$form: a channel left open carries data"
        close [lindex $left 0]
        lappend outcomes $form kept
    }
    close $c
    close $srv
}
observe accept-failure.channel $outcomes
compat assert_equal {error closed close-error closed break closed unknown-command closed} $outcomes \
    "tclsh 8.6.13 closes the new channel of every failed callback"
