# ---
# id: 0428
# title: gets, read, puts and flush on a server channel fail at once, as on a channel opened for neither direction, and chan event refuses handlers
# clauses: [server.channel.no-io, server.channel.no-io-error]
# readings: [server-channel-io:not-opened, server-channel-io:driver-error]
# requires: [ipv4]
# timeout: 10
# ---
# The manual: server channels cannot be used for input or output (conformance: each command
# below fails, an output error at the latest when the output is flushed). Which error, and
# whether a handler may be set, is the implementation's (ambiguity server-channel-io):
# tclsh 8.6.13 opens server channels for neither direction, so the channel core refuses
# (spec/observations/server-io.tcl SI1-SI10).
set srv [socket -server {apply {{chan addr port} {set ::accepted 1; close $chan}}} -myaddr 127.0.0.1 0]
foreach {what script direction} {
    gets {gets $srv} reading
    read {read $srv} reading
    read-1 {read $srv 1} reading
} {
    set msg [assert_error -compat-message "channel \"$srv\" wasn't opened for $direction" \
        -compat-code NONE * $script]
    observe server.$what [string map [list $srv CHAN] $msg]
}
# fblocked is no input: only compared (tclsh 8.6.13 refuses it like gets).
set rc [catch {fblocked $srv} msg opts]
compat assert_equal [list 1 "channel \"$srv\" wasn't opened for reading"] [list $rc $msg] "fblocked, as tclsh 8.6.13"
observe server.fblocked [string map [list $srv CHAN] [list $rc $msg]]
foreach {what script} {puts {puts $srv x} puts-nonewline {puts -nonewline $srv x}} {
    set rc [catch $script msg opts]
    if {$rc == 0} {
        # Buffered output: the error may come with the flush (0413).
        set rc [catch {flush $srv} msg opts]
        assert_equal 1 $rc "$what: writing to a server fails, at the latest when flushed"
    }
    compat assert_equal "channel \"$srv\" wasn't opened for writing" $msg "$what fails at once, as in tclsh 8.6.13"
    compat assert_equal NONE [dict get $opts -errorcode] "$what: the -errorcode of tclsh 8.6.13"
    observe server.$what [string map [list $srv CHAN] $msg]
}
foreach which {readable writable} {
    set rc [catch {chan event $srv $which {set ::fired 1}} msg]
    compat assert_equal "1 {channel is not $which}" [list $rc $msg] "chan event $which on a server, as tclsh 8.6.13"
    observe server.event-$which [list $rc $msg]
}
catch {chan event $srv readable {}}
catch {chan event $srv writable {}}
# The server still accepts afterwards.
set c [socket 127.0.0.1 [lindex [chan configure $srv -sockname] 2]]
wait_for ::accepted 5000
close $c
close $srv
