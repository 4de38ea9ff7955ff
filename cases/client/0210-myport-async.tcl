# ---
# id: 0210
# title: -myport is honoured by an -async connect
# clauses: [client.myport.integer, client.async.success-event]
# requires: [ipv4]
# timeout: 10
# ---
set srv [socket -server {apply {{chan addr port} {
    set ::accepted [list $chan $port]
}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set myport [free_port 127.0.0.1]
set c [socket -async -myport $myport 127.0.0.1 $port]
wait_event $c writable 5000
wait_until {![chan configure $c -connecting]} 5000
assert_equal "" [chan configure $c -error] "the connect succeeded"
assert_equal $myport [lindex [chan configure $c -sockname] 2] "-sockname shows the -myport port"
lassign [wait_for ::accepted 5000] chan cport
assert_equal $myport $cport "the server's callback gets the -myport port"
close $c
close $chan
close $srv
