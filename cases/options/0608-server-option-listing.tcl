# ---
# id: 0608
# title: chan configure on a server lists -sockname as a direct query gives it and no -peername triple
# clauses: [option.sockname.server-triples, option.peername.server-unsupported]
# readings: [option-listing:without-error, option-listing:with-all]
# requires: [ipv4]
# timeout: 5
# ---
set srv [socket -server {apply {{chan addr port} {close $chan}}} -myaddr 127.0.0.1 0]
set all [chan configure $srv]
assert {[llength $all] % 2 == 0} "the listing is an option/value dictionary"
assert {[dict exists $all -sockname]} "the listing contains -sockname"
assert_equal [chan configure $srv -sockname] [dict get $all -sockname] "-sockname in the listing"
if {[dict exists $all -peername]} {
    assert_equal "" [dict get $all -peername] "a server lists no peer address"
}
if {[dict exists $all -connecting]} {
    assert {[dict get $all -connecting] in {"" 0}} "a server is not listed as connecting"
}
observe server.socket-options [lmap k [dict keys $all] {
    expr {$k in {-blocking -buffering -buffersize -encoding -eofchar -translation} ? [continue] : $k}
}]
close $srv
