# ---
# id: 0651
# title: -sockname and -peername name the extra local addresses a connection actually uses, in both directions
# clauses: [option.sockname.client-triple, option.peername.client-triple, option.sockname.accepted-triple, option.peername.accepted-triple]
# readings: [hostname-element:reverse-lookup, hostname-element:numeric-only]
# requires: [multihomed]
# params: [v6-extra, v6-extra2]
# timeout: 10
# ---
# Server on one extra address, client bound to the other: neither end is
# 127.0.0.1, so an implementation reporting the loopback default is caught.
set saddr [param v6-extra]
set caddr [param v6-extra2]
set srv [socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr $saddr 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket -myaddr $caddr $saddr $port]
wait_for ::accepted 5000
set cs [chan configure $c -sockname]
set cp [chan configure $c -peername]
set as [chan configure $::accepted -sockname]
set ap [chan configure $::accepted -peername]
assert_equal $caddr [lindex $cs 0] "client -sockname address"
assert_equal $saddr [lindex $cp 0] "client -peername address"
assert_equal $port [lindex $cp 2] "client -peername port"
assert_equal $saddr [lindex $as 0] "accepted -sockname address"
assert_equal $port [lindex $as 2] "accepted -sockname port"
assert_equal $caddr [lindex $ap 0] "accepted -peername address"
assert_equal [lindex $cs 2] [lindex $ap 2] "the accepted peer port is the client's port"
foreach triple [list $cs $cp $as $ap] {
    assert_equal 3 [llength $triple] "a triple"
    lassign $triple a h p
    if {$h ne $a} {
        # A name must lead back to the address (hostname-element: reverse-lookup).
        set probe [socket -server {apply {args {}}} -myaddr $h 0]
        set back [lmap {x y z} [chan configure $probe -sockname] {set x}]
        close $probe
        assert {$a in $back} "host element $h resolves back to $a"
    }
}
observe hostname.v6-extra [lindex $cs 1]
close $c
close $::accepted
close $srv
