# ---
# id: 0150
# title: a blocking connect to a name listing ::1 then 127.0.0.1 succeeds through 127.0.0.1 when only it listens
# clauses: [client.connect.several-addresses, client.host.name]
# readings: [address-order:resolver-order, address-order:file-order]
# requires: [names]
# params: [name-v6-first]
# timeout: 10
# ---
# Profile names: the resolver returns ::1 first for this name (checked by the
# profile), so the first attempt is refused and only the second can succeed.
set name [param name-v6-first]
set srv [socket -server {apply {{chan addr port} {set ::accepted [list $chan $addr]}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket $name $port]
assert_equal 127.0.0.1 [lindex [chan configure $c -peername] 0] "the connection went to the address that listens"
lassign [wait_for ::accepted 5000] chan addr
assert_equal 127.0.0.1 $addr "the server accepted it"
close $c
close $chan
close $srv
