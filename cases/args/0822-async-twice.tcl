# ---
# id: 0822
# title: -async given twice, where taken, is the same as once, a channel that connects
# clauses: [args.options.exact, client.async.returns-immediately, client.async.success-event, args.failure-leaves-no-channel]
# requires: [ipv4]
# timeout: 10
# ---
set srv [socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
# A repeated option is neither allowed nor forbidden by the manual: tclsh
# 8.6.13 takes it (compatibility). Taken, it must behave as one -async.
set before [lsort [chan names]]
if {[catch {socket -async -async 127.0.0.1 $port} c]} {
    compat assert 0 "tclsh 8.6.13 takes a repeated -async ($c)"
    observe async.twice rejected
    assert_equal $before [lsort [chan names]] "a rejected command leaves no channel"
} else {
    observe async.twice accepted
    assert {$c in [chan names]} "a repeated -async still returns a channel"
    wait_event $c writable 5000
    wait_until {[chan configure $c -connecting] == 0} 5000
    assert_equal "" [chan configure $c -error] "the connect succeeded"
    wait_for ::accepted
    close $c
    close $::accepted
}
close $srv
