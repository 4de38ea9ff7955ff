# ---
# id: 0550
# title: on a host without IPv6 a server without -myaddr lists only IPv4 groups and serves 127.0.0.1
# clauses: [server.bind.partial-success, option.sockname.server-triples, server.myaddr.wildcard]
# readings: [server-partial-bind:any-succeeds]
# requires: [v4only-host]
# timeout: 10
# ---
# In profile v4only socket(AF_INET6) fails with EAFNOSUPPORT, as on a kernel
# without IPv6. A server must not claim an IPv6 listener it does not have.
set srv [socket -server {apply {{chan addr port} {set ::accepted [list $chan $addr]}}} 0]
set groups [chan configure $srv -sockname]
observe sockname.server-wildcard-v4only $groups
assert {[llength $groups] >= 3 && [llength $groups] % 3 == 0} "-sockname is a list of triples"
foreach {a h p} $groups {
    assert {[string first : $a] < 0} "every listening address is IPv4 (got $a)"
}
set port [lindex $groups 2]
set c [socket 127.0.0.1 $port]
lassign [wait_for ::accepted 5000] chan addr
assert_equal 127.0.0.1 $addr "an IPv4 client is accepted"
close $c
close $chan
close $srv
