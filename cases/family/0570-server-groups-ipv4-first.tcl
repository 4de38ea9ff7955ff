# ---
# id: 0570
# title: a server on both families lists one group per family in -sockname, the IPv4 group first as in tclsh 8.6
# clauses: [option.sockname.server-triples, option.sockname.server-groups-wildcard, option.sockname.server-groups-multi-address]
# readings: [server-sockname:per-listener-v4-first, server-sockname:per-listener-resolver-order, server-sockname:any-order]
# requires: [names]
# params: [name-v6-first]
# timeout: 10
# ---
# The manual fixes no order of the groups (ambiguities.yaml server-sockname);
# tclsh 8.6 lists IPv4 first, for the wildcard address and for a -myaddr name
# that lists ::1 before 127.0.0.1 alike (compatibility).
set wild [socket -server {apply {{chan addr port} {close $chan}}} 0]
set addrs [lmap {a h p} [chan configure $wild -sockname] {set a}]
assert_equal {0.0.0.0 ::} [lsort $addrs] "the wildcard server has an IPv4 and an IPv6 group"
compat assert_equal {0.0.0.0 ::} $addrs "the IPv4 group comes first"
close $wild
set named [socket -server {apply {{chan addr port} {close $chan}}} -myaddr [param name-v6-first] 0]
set addrs [lmap {a h p} [chan configure $named -sockname] {set a}]
assert_equal {127.0.0.1 ::1} [lsort $addrs] "the -myaddr server has a group for each address of the name"
compat assert_equal {127.0.0.1 ::1} $addrs "the IPv4 group comes first, though the name lists ::1 first"
observe sockname.order $addrs
close $named
