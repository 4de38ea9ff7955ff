# ---
# id: 0451
# title: a server whose -myaddr name resolves to two IPv4 and two IPv6 local addresses listens on all four
# clauses: [server.myaddr.multi-address, option.sockname.server-groups-multi-address, server.port-zero.shared]
# readings: [server-sockname:any-order]
# requires: [multihomed, dual-stack]
# params: [name-multi, v4-extras, v6-extras, v4-extra2, v6-extra2]
# timeout: 10
# ---
set name [param name-multi]
set want [lsort [concat [param v4-extras] [param v6-extras]]]
set srv [socket -server {apply {{chan addr port} {lappend ::accepted $addr; close $chan}}} -myaddr $name 0]
set groups [chan configure $srv -sockname]
observe sockname.multi $groups
assert_equal $want [lsort [lmap {a h p} $groups {set a}]] "one group per address, both families"
set port [lindex $groups 2]
assert_equal 1 [llength [lsort -unique [lmap {a h p} $groups {set p}]]] "every group carries the same port"
set n 0
foreach addr [list [param v4-extra2] [param v6-extra2]] {
    set c [socket $addr $port]
    incr n
    wait_until {[info exists ::accepted] && [llength $::accepted] == $n} 5000
    close $c
}
assert_equal [param v6-extra2] [lindex $::accepted 1] "the IPv6 client came from the address it connected to"
close $srv
