# ---
# id: 0352
# title: an -async connect to a name whose first IPv4 address has no listener goes on to the second
# clauses: [client.async.next-address]
# requires: [names]
# params: [name-dead-first, live-addr]
# timeout: 10
# ---
set name [param name-dead-first]
set live [param live-addr]
set srv [socket -server {apply {{chan addr port} {set ::accepted [list $chan $addr]}}} -myaddr $live 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket -async $name $port]
wait_event $c writable 5000
wait_until {[chan configure $c -connecting] == 0} 5000
assert_equal "" [chan configure $c -error] "the connect succeeded through the second address"
assert_equal $live [lindex [chan configure $c -peername] 0] "connected to the address that listens"
wait_for ::accepted 5000
puts $c hello
flush $c
set chan [lindex $::accepted 0]
assert_equal hello [gets $chan] "the connection carries data"
close $c
close $chan
close $srv
