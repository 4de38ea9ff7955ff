# ---
# id: 0353
# title: an -async connect to a two-address name where neither listens reports connection refused once both failed
# clauses: [client.async.next-address, client.async.failure-event, option.error.async-failure]
# readings: [failure-event:writable-on-failure-completed, failure-event:writable-on-failure-maybe-pending]
# requires: [names]
# params: [name-v6-first]
# timeout: 10
# ---
set name [param name-v6-first]
set srv [socket -server {apply {args {}}} -myaddr $name 0]
set port [lindex [chan configure $srv -sockname] 2]
close $srv
if {[catch {socket -async $name $port} c]} {
    assert 0 "a refused attempt is reported through -error, not by the socket command: $c"
}
wait_event $c writable 5000
wait_until {[chan configure $c -connecting] == 0} 5000
assert_equal "connection refused" [chan configure $c -error] "-error gives the failure of the attempts"
close $c
