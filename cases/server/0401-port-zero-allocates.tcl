# ---
# id: 0401
# title: a server on port 0 gets a non-zero port, the same in every -sockname triple
# clauses: [server.port-zero.allocates, server.port-zero.sockname, server.port-zero.shared, option.sockname.server-triples]
# timeout: 10
# readings: [server-sockname:any-order]
# ---
set srv [socket -server {apply {{chan addr port} {close $chan}}} 0]
set names [chan configure $srv -sockname]
assert {[llength $names] > 0 && [llength $names] % 3 == 0} \
    "-sockname of a server is a list of address/name/port triples"
set ports {}
foreach {addr host port} $names {
    assert {[string is integer -strict $port] && $port > 0 && $port < 65536} \
        "each triple carries the allocated port, not 0"
    lappend ports $port
    assert_equal $addr $host "a wildcard group's host element is the address itself"
}
assert_equal 1 [llength [lsort -unique $ports]] "every address family shares one port"
observe sockname.server-wildcard [lmap {a h p} $names {list $a $h}]
close $srv
