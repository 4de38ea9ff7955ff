# ---
# id: 0601
# title: -sockname and -peername of a client and of the accepted channel are matching triples
# clauses: [option.sockname.client-triple, option.peername.client-triple]
# requires: [ipv4]
# timeout: 10
# ---
set srv [socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket 127.0.0.1 $port]
wait_for ::accepted

foreach {chan opt} [list $c -sockname $c -peername $::accepted -sockname $::accepted -peername] {
    set v [chan configure $chan $opt]
    assert_equal 3 [llength $v] "$opt is a list of three elements"
    assert_equal 127.0.0.1 [lindex $v 0] "$opt starts with the numeric address"
    assert {[lindex $v 1] ne ""} "$opt's host-name element is a name or the address again"
}
assert_equal $port [lindex [chan configure $c -peername] 2] "the client's peer port is the server's"
assert_equal $port [lindex [chan configure $::accepted -sockname] 2] "the accepted channel's own port is the server's"
assert_equal [lindex [chan configure $c -sockname] 2] [lindex [chan configure $::accepted -peername] 2] \
    "the accepted channel's peer port is the client's own port"
observe hostname.127.0.0.1 [lindex [chan configure $c -sockname] 1]
close $c
close $::accepted
close $srv
