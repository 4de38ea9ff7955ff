# ---
# id: 0514
# title: on a host without IPv6 a server without -myaddr is still created and serves IPv4
# clauses: [server.bind.partial-success, server.myaddr.wildcard]
# requires: [v4only-host]
# timeout: 10
# ---
set srv [socket -server {apply {{chan addr port} {set ::accepted [list $chan $addr]}}} 0]
set names [chan configure $srv -sockname]
observe sockname.server-wildcard-v4only $names
assert {"0.0.0.0" in [lmap {a h p} $names {set a}]} "the IPv4 wildcard is among the listening addresses"
set c [socket 127.0.0.1 [lindex $names 2]]
lassign [wait_for ::accepted] chan addr
assert_equal 127.0.0.1 $addr "an IPv4 client is served"
close $c
close $chan
close $srv
