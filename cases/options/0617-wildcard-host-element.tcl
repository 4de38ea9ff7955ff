# ---
# id: 0617
# title: a wildcard server's -sockname groups repeat the wildcard address as their host element
# clauses: [option.sockname.server-triples, server.myaddr.wildcard]
# readings: [server-sockname:any-order]
# timeout: 5
# ---
set srv [socket -server {apply {{chan addr port} {close $chan}}} 0]
set names [chan configure $srv -sockname]
assert {[llength $names] >= 3 && [llength $names] % 3 == 0} "a list of groups of three"
foreach {addr host port} $names {
    assert {$addr in {0.0.0.0 ::}} "a server without -myaddr listens on a wildcard address"
    assert_equal $addr $host "the wildcard address has no name: the host element repeats it"
}
observe sockname.server-wildcard $names
close $srv
