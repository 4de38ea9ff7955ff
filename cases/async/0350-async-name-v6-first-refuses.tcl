# ---
# id: 0350
# title: an -async connect to a name listing ::1 then 127.0.0.1 goes on to 127.0.0.1 when ::1 refuses
# clauses: [client.async.next-address, client.async.success-event]
# readings: [address-order:resolver-order, address-order:file-order]
# requires: [names]
# params: [name-v6-first]
# timeout: 10
# ---
set name [param name-v6-first]
set srv [socket -server {apply {{chan addr port} {set ::accepted [list $chan $addr]}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket -async $name $port]
wait_event $c writable 5000
wait_until {[chan configure $c -connecting] == 0} 5000
assert_equal "" [chan configure $c -error] "the connect succeeded through the second address"
assert_equal 127.0.0.1 [lindex [chan configure $c -peername] 0] "connected to the address that listens"
lassign [wait_for ::accepted 5000] chan addr
close $c
close $chan
close $srv
