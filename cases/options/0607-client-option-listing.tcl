# ---
# id: 0607
# title: chan configure on a connected client lists -peername and -sockname with the same triples as a direct query
# clauses: [option.sockname.client-triple, option.peername.client-triple]
# readings: [option-listing:without-error, option-listing:with-all]
# requires: [ipv4]
# timeout: 10
# ---
set srv [socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket 127.0.0.1 $port]
wait_for ::accepted
set all [chan configure $c]
assert {[llength $all] % 2 == 0} "the listing is an option/value dictionary"
foreach opt {-blocking -buffering -buffersize -encoding -eofchar -translation -peername -sockname} {
    assert {[dict exists $all $opt]} "the listing contains $opt"
}
assert_equal [chan configure $c -sockname] [dict get $all -sockname] "-sockname in the listing"
assert_equal [chan configure $c -peername] [dict get $all -peername] "-peername in the listing"
assert_equal $port [lindex [dict get $all -peername] 2] "the listed peer is the server"
observe client.socket-options [lmap k [dict keys $all] {
    expr {$k in {-blocking -buffering -buffersize -encoding -eofchar -translation} ? [continue] : $k}
}]
close $c
close $::accepted
close $srv
