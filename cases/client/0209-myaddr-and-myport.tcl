# ---
# id: 0209
# title: -myaddr and -myport together bind both the local address and the local port
# clauses: [client.myaddr.numeric, client.myport.integer]
# requires: [ipv4, loopback-range]
# timeout: 10
# ---
set srv [socket -server {apply {{chan addr port} {
    set ::accepted [list $chan $addr $port]
}}} 0]
set port [lindex [chan configure $srv -sockname] 2]
set myport [free_port 127.0.0.3]
set c [socket -myport $myport -myaddr 127.0.0.3 127.0.0.1 $port]
lassign [wait_for ::accepted 5000] chan addr cport
set own [chan configure $c -sockname]
assert_equal 127.0.0.3 [lindex $own 0] "-sockname shows the -myaddr address"
assert_equal $myport [lindex $own 2] "-sockname shows the -myport port"
assert_match {*127.0.0.3} $addr "the server sees the -myaddr address"
assert_equal $myport $cport "the server sees the -myport port"
close $c
close $chan
close $srv
