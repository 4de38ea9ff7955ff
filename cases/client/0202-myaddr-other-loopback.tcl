# ---
# id: 0202
# title: a client with -myaddr 127.0.0.2 connecting to 127.0.0.1 comes from 127.0.0.2, not the system's default source
# clauses: [client.myaddr.numeric]
# requires: [ipv4, loopback-range]
# timeout: 10
# ---
# Without -myaddr the system would pick 127.0.0.1 as the source for a
# connection to 127.0.0.1, so this case tells a bound socket from an unbound one.
set srv [socket -server {apply {{chan addr port} {
    set ::accepted [list $chan $addr $port]
}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket -myaddr 127.0.0.2 127.0.0.1 $port]
lassign [wait_for ::accepted 5000] chan addr cport
assert_equal 127.0.0.2 [lindex [chan configure $c -sockname] 0] "-sockname shows the -myaddr address"
assert_equal 127.0.0.2 $addr "the server sees the connection come from 127.0.0.2"
assert_equal 127.0.0.2 [lindex [chan configure $chan -peername] 0] "the accepted channel's peer is 127.0.0.2"
assert_equal 127.0.0.1 [lindex [chan configure $c -peername] 0] "the destination is unchanged"
close $c
close $chan
close $srv
