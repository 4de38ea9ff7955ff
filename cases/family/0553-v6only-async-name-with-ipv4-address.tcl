# ---
# id: 0553
# title: on a host without IPv4 an -async client connects to a name that lists 127.0.0.1 before ::1
# clauses: [client.async.next-address, client.async.success-event]
# requires: [v6only-host]
# params: [name-dual]
# timeout: 10
# ---
set name [param name-dual]
set srv [socket -server {apply {{chan addr port} {set ::accepted [list $chan $addr]}}} -myaddr ::1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket -async $name $port]
wait_event $c writable 5000
wait_until {[chan configure $c -connecting] == 0} 5000
assert_equal "" [chan configure $c -error] "the connect succeeded over IPv6"
assert_equal ::1 [lindex [chan configure $c -peername] 0] "connected to ::1"
lassign [wait_for ::accepted 5000] chan addr
close $c
close $chan
close $srv
