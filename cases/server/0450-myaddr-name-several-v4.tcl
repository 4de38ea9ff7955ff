# ---
# id: 0450
# title: a server whose -myaddr name resolves to two local IPv4 addresses listens on both, and only there
# clauses: [server.myaddr.multi-address, option.sockname.server-groups-multi-address, server.port-zero.shared, client.connect.refused-error]
# readings: [server-sockname:any-order]
# requires: [multihomed]
# params: [name-multi-v4, v4-extras]
# timeout: 10
# ---
set name [param name-multi-v4]
set want [lsort [param v4-extras]]
set srv [socket -server {apply {{chan addr port} {lappend ::accepted $chan}}} -myaddr $name 0]
set groups [chan configure $srv -sockname]
observe sockname.multi-v4 $groups
assert_equal 6 [llength $groups] "one group per address the name resolves to"
assert_equal $want [lsort [lmap {a h p} $groups {set a}]] "the groups name both addresses"
set ports [lsort -unique [lmap {a h p} $groups {set p}]]
assert_equal 1 [llength $ports] "every group carries the same port"
set n 0
foreach addr $want {
    set c [socket $addr $ports]
    incr n
    wait_until {[info exists ::accepted] && [llength $::accepted] == $n} 5000
    close $c
}
assert_error -code {POSIX ECONNREFUSED *} \
    -compat-message {couldn't open socket: connection refused} \
    -compat-code {POSIX ECONNREFUSED {connection refused}} ?* {
    socket 127.0.0.1 $ports
}
foreach chan $::accepted {close $chan}
close $srv
