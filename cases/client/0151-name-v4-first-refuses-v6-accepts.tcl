# ---
# id: 0151
# title: a blocking connect to a name listing 127.0.0.1 then ::1 succeeds through ::1 when only it listens
# clauses: [client.connect.several-addresses, client.host.name]
# readings: [address-order:resolver-order, address-order:file-order]
# requires: [names]
# params: [name-v4-first]
# timeout: 10
# ---
# Profile names: the resolver returns 127.0.0.1 first for this name (its
# gai.conf keeps the hosts-file order), so the first attempt is refused.
set name [param name-v4-first]
set srv [socket -server {apply {{chan addr port} {set ::accepted [list $chan $addr]}}} -myaddr ::1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket $name $port]
assert_equal ::1 [lindex [chan configure $c -peername] 0] "the connection went to the address that listens"
lassign [wait_for ::accepted 5000] chan addr
assert_equal ::1 $addr "the server accepted it"
close $c
close $chan
close $srv
