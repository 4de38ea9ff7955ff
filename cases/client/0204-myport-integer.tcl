# ---
# id: 0204
# title: a client with -myport uses that local port, as its -sockname and the server's callback show
# clauses: [client.myport.integer]
# requires: [ipv4]
# timeout: 10
# ---
set srv [socket -server {apply {{chan addr port} {
    set ::accepted [list $chan $addr $port]
}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set myport [free_port 127.0.0.1]
set c [socket -myport $myport 127.0.0.1 $port]
lassign [wait_for ::accepted 5000] chan addr cport
assert_equal $myport [lindex [chan configure $c -sockname] 2] "-sockname shows the -myport port"
assert_equal $myport $cport "the server's callback gets the -myport port"
assert_equal $myport [lindex [chan configure $chan -peername] 2] "the accepted channel's peer port is the -myport port"
close $c
close $chan
close $srv
