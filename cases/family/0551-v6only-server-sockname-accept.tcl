# ---
# id: 0551
# title: on a host without IPv4 a server lists only IPv6 groups and accepts ::1, whose channel shows IPv6 triples
# clauses: [server.bind.partial-success, option.sockname.server-triples, option.sockname.accepted-triple, option.peername.accepted-triple]
# readings: [server-partial-bind:any-succeeds]
# requires: [v6only-host]
# timeout: 10
# ---
# In profile v6only lo has no IPv4 address and socket(AF_INET) fails with
# EAFNOSUPPORT.
set srv [socket -server {apply {{chan addr port} {set ::accepted [list $chan $addr $port]}}} 0]
set groups [chan configure $srv -sockname]
observe sockname.server-wildcard-v6only $groups
assert {[llength $groups] >= 3 && [llength $groups] % 3 == 0} "-sockname is a list of triples"
foreach {a h p} $groups {
    assert {[string first : $a] >= 0} "every listening address is IPv6 (got $a)"
}
set port [lindex $groups 2]
set c [socket ::1 $port]
lassign [wait_for ::accepted 5000] chan addr cport
assert_equal ::1 $addr "the IPv6 client is accepted"
assert_equal ::1 [lindex [chan configure $chan -sockname] 0] "the accepted channel's own address is ::1"
assert_equal $port [lindex [chan configure $chan -sockname] 2] "on the server's port"
assert_equal [list ::1 $cport] [lreplace [chan configure $chan -peername] 1 1] "its peer is the client"
close $c
close $chan
close $srv
