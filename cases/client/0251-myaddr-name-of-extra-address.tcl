# ---
# id: 0251
# title: -myaddr given as the name of one extra local address binds the client to that address
# clauses: [client.myaddr.name]
# requires: [multihomed]
# params: [name-v4-extra2, v4-extra2]
# timeout: 10
# ---
# The name resolves to 127.0.0.3 only (profile multihomed's hosts file); the
# system's own choice would be 127.0.0.1.
set name [param name-v4-extra2]
set want [param v4-extra2]
set srv [socket -server {apply {{chan addr port} {set ::accepted [list $chan $addr]}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket -myaddr $name 127.0.0.1 $port]
lassign [wait_for ::accepted 5000] chan addr
assert_equal $want $addr "the server sees the client at the address the name resolves to"
assert_equal $want [lindex [chan configure $c -sockname] 0] "-sockname shows that address"
close $c
close $chan
close $srv
