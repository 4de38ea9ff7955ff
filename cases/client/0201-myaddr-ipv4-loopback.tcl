# ---
# id: 0201
# title: a client with -myaddr 127.0.0.1 is bound to 127.0.0.1, as its -sockname and the server's callback show
# clauses: [client.myaddr.numeric]
# requires: [ipv4]
# timeout: 10
# ---
set srv [socket -server {apply {{chan addr port} {
    set ::accepted [list $chan $addr $port]
}}} 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket -myaddr 127.0.0.1 127.0.0.1 $port]
lassign [wait_for ::accepted 5000] chan addr cport
set own [chan configure $c -sockname]
assert_equal 127.0.0.1 [lindex $own 0] "-sockname shows the -myaddr address"
assert_match {*127.0.0.1} $addr "the server sees the connection come from 127.0.0.1"
assert_equal [lindex $own 2] $cport "the server sees the client's own port"
close $c
close $chan
close $srv
