# ---
# id: 0554
# title: on a host without IPv6 a server whose -myaddr name also lists ::1 is created and listens on 127.0.0.1 only
# clauses: [server.bind.partial-success, server.myaddr.multi-address]
# readings: [server-partial-bind:any-succeeds]
# requires: [v4only-host]
# params: [name-dual]
# timeout: 10
# ---
set name [param name-dual]
set srv [socket -server {apply {{chan addr port} {set ::accepted [list $chan $addr]}}} -myaddr $name 0]
set groups [chan configure $srv -sockname]
observe sockname.server-myaddr-dual-v4only $groups
assert_equal 3 [llength $groups] "one group: the IPv4 address is the only one that could be bound"
assert_equal 127.0.0.1 [lindex $groups 0] "the group names 127.0.0.1"
set c [socket 127.0.0.1 [lindex $groups 2]]
lassign [wait_for ::accepted 5000] chan addr
close $c
close $chan
close $srv
