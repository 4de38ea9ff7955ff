# ---
# id: 0252
# title: an -async client with -myaddr set to an extra local address connects from that address
# clauses: [client.myaddr.numeric, client.async.success-event]
# requires: [multihomed]
# params: [v4-extra2]
# timeout: 10
# ---
set local [param v4-extra2]
set srv [socket -server {apply {{chan addr port} {set ::accepted [list $chan $addr]}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket -async -myaddr $local 127.0.0.1 $port]
wait_event $c writable 5000
wait_until {[chan configure $c -connecting] == 0} 5000
assert_equal "" [chan configure $c -error] "the connect succeeded"
lassign [wait_for ::accepted 5000] chan addr
assert_equal $local $addr "the server sees the client at the -myaddr address"
assert_equal $local [lindex [chan configure $c -sockname] 0] "-sockname shows the -myaddr address"
close $c
close $chan
close $srv
