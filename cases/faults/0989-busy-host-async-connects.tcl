# ---
# id: 0989
# title: on a host whose ephemeral ports are nearly all in TIME_WAIT, 600 -async connections in a row all complete
# clauses: [client.myport.default, client.async.success-event, client.async.verify-success]
# requires: [busy-host]
# timeout: 60
# ---
# As 0988 with -async: each connect is waited for with its writable event and
# checked with -error; the client closes first (its port stays in TIME_WAIT),
# then the server's end.
set srv [socket -server {apply {{chan addr port} {lappend ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set accepted {}
for {set i 1} {$i <= 600} {incr i} {
    if {[catch {socket -async 127.0.0.1 $port} c opts]} {
        measure failed.at "connection $i"
        observe error [dict get $opts -errorcode]
        assert_equal 0 1 "connection $i of 600 is created ($c)"
    }
    wait_event $c writable 5000
    set err [chan configure $c -error]
    if {$err ne ""} {
        measure failed.at "connection $i"
        observe error $err
    }
    assert_equal {} $err "connection $i of 600 connects"
    close $c
    update
    foreach chan $::accepted {
        close $chan
    }
    set ::accepted {}
}
close $srv
