# ---
# id: 0203
# title: a client accepts the name localhost for -myaddr and is bound to an address localhost names
# clauses: [client.myaddr.name]
# requires: [ipv4, localhost-v4]
# timeout: 10
# ---
set srv [socket -server {apply {{chan addr port} {
    set ::accepted [list $chan $addr $port]
}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket -myaddr localhost 127.0.0.1 $port]
lassign [wait_for ::accepted 5000] chan addr cport
set own [chan configure $c -sockname]
assert_equal 127.0.0.1 [lindex $own 0] "the IPv4 address of localhost is the local end"
assert_equal 127.0.0.1 $addr "the server sees 127.0.0.1"
assert_equal [lindex $own 2] $cport "and the client's port"
close $c
close $chan
close $srv
