# ---
# id: 0515
# title: on a host without IPv4 a server without -myaddr is still created and serves IPv6
# clauses: [server.bind.partial-success, server.myaddr.wildcard]
# requires: [v6only-host]
# timeout: 10
# ---
set srv [socket -server {apply {{chan addr port} {set ::accepted [list $chan $addr]}}} 0]
set names [chan configure $srv -sockname]
observe sockname.server-wildcard-v6only $names
assert {"::" in [lmap {a h p} $names {set a}]} "the IPv6 wildcard is among the listening addresses"
set c [socket ::1 [lindex $names 2]]
lassign [wait_for ::accepted] chan addr
assert_equal ::1 $addr "an IPv6 client is served"
close $c
close $chan
close $srv
