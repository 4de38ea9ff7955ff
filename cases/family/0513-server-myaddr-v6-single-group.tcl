# ---
# id: 0513
# title: a server bound with -myaddr ::1 has exactly one -sockname group, for ::1
# clauses: [option.sockname.server-single-group, description.protocol.tcp-ipv6]
# requires: [ipv6]
# timeout: 5
# ---
set srv [socket -server {apply {{chan addr port} {close $chan}}} -myaddr ::1 0]
set names [chan configure $srv -sockname]
assert_equal 3 [llength $names] "one address, one group of three"
lassign $names addr host port
assert_equal ::1 $addr "the group names the bound IPv6 address"
assert {$host ne ""} "the host element is present"
assert {[string is integer -strict $port] && $port > 0} "the group carries the allocated port"
observe sockname.server-::1 $names
close $srv
