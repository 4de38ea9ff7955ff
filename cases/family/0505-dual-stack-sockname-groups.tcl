# ---
# id: 0505
# title: -sockname of a dual-stack wildcard server has one IPv4 and one IPv6 group with the same port
# clauses: [option.sockname.server-groups-wildcard, server.port-zero.shared, option.sockname.server-triples]
# readings: [server-sockname:any-order]
# requires: [dual-stack]
# timeout: 5
# ---
# ambiguities.yaml server-sockname: the groups are compared as a set; the order
# is recorded.
set srv [socket -server {apply {{chan addr port} {close $chan}}} 0]
set names [chan configure $srv -sockname]
assert_equal 6 [llength $names] "two groups of three: one per family"
set addrs [lsort [lmap {a h p} $names {set a}]]
assert_equal {0.0.0.0 ::} $addrs "one IPv4 wildcard group and one IPv6 wildcard group"
lassign $names -> -> p1 -> -> p2
assert_equal $p1 $p2 "both groups carry the same port"
observe sockname.dual-stack-order [lmap {a h p} $names {set a}]
close $srv
