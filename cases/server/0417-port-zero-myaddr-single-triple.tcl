# ---
# id: 0417
# title: a port-0 server with -myaddr 127.0.0.1 reports exactly one triple with a non-zero port
# clauses: [option.sockname.server-single-group, server.port-zero.allocates, server.port-zero.sockname]
# requires: [ipv4]
# timeout: 10
# ---
set srv [socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr 127.0.0.1 0]
set names [chan configure $srv -sockname]
assert_equal 3 [llength $names] "one address/name/port group, not one per family"
lassign $names addr host port
assert_equal 127.0.0.1 $addr "the group names the -myaddr address"
assert {$host ne ""} "the host element is a name or the address again"
assert {[string is integer -strict $port] && $port > 0 && $port < 65536} "the port is allocated, not 0"
observe sockname.server-127.0.0.1 $names

set c [socket 127.0.0.1 $port]
wait_for ::accepted 5000
assert_equal $port [lindex [chan configure $c -peername] 2] "clients reach the server on that port"
close $c
close $::accepted
close $srv
