# ---
# id: 0208
# title: a client with -myaddr ::1 is bound to ::1 for a connection to an IPv6 server
# clauses: [client.myaddr.numeric, description.protocol.tcp-ipv6]
# requires: [ipv6]
# timeout: 10
# ---
set srv [socket -server {apply {{chan addr port} {
    set ::accepted [list $chan $addr $port]
}}} -myaddr ::1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket -myaddr ::1 ::1 $port]
lassign [wait_for ::accepted 5000] chan addr cport
set own [chan configure $c -sockname]
assert_equal ::1 [lindex $own 0] "-sockname shows ::1"
assert_equal ::1 $addr "the server sees the connection come from ::1"
assert_equal [lindex $own 2] $cport "and from the client's own port"
close $c
close $chan
close $srv
