# ---
# id: 0353
# title: an -async connect to a two-address name where neither listens reports connection refused once both failed
# clauses: [client.async.next-address, client.async.failure-event, option.error.async-failure]
# readings: [failure-event:writable-on-failure-completed, failure-event:writable-on-failure-maybe-pending, errno-texts:tcl-table, errno-texts:libc-strerror, errno-texts:any]
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
set err [chan configure $c -error]
assert {$err ne ""} "-error reports the failure of the attempts"
compat assert_equal "connection refused" $err "the -error text of tclsh 8.6.13"
observe error.all-refused $err
close $c
