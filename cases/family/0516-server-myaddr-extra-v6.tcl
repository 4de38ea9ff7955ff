# ---
# id: 0516
# title: a server bound to a non-loopback IPv6 address accepts connections to it and refuses them on ::1
# clauses: [server.myaddr.numeric, description.protocol.tcp-ipv6, client.connect.refused-error]
# requires: [multihomed, ipv6]
# params: [v6-extra]
# timeout: 10
# ---
set addr [param v6-extra]
set srv [socket -server {apply {{chan addr port} {lappend ::accepted $chan $addr}}} -myaddr $addr 0]
set names [chan configure $srv -sockname]
assert_equal 3 [llength $names] "one group for the one address"
assert_equal $addr [lindex $names 0] "the group names the bound address"
set port [lindex $names 2]
set c [socket $addr $port]
wait_until {[info exists ::accepted] && [llength $::accepted] == 2} 5000
assert_equal $addr [lindex [chan configure $c -peername] 0] "the client reached the bound address"
assert_error -code {POSIX ECONNREFUSED *} \
    -compat-message {couldn't open socket: connection refused} \
    -compat-code {POSIX ECONNREFUSED {connection refused}} ?* {
    socket ::1 $port
}
update
assert_equal 2 [llength $::accepted] "nothing was accepted through ::1"
close $c
close [lindex $::accepted 0]
close $srv
