# ---
# id: 0402
# title: the accept callback gets the new channel, the client's address and the client's port
# clauses: [server.accept.callback-args, server.listen.port]
# requires: [ipv4]
# timeout: 10
# ---
set srv [socket -server {apply {{chan addr port} {
    set ::accepted [list $chan $addr $port]
}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket 127.0.0.1 $port]
lassign [wait_for ::accepted] chan addr cport
assert {$chan in [chan names]} "the first argument names an open channel"
assert_equal 127.0.0.1 $addr "the second argument is the client's address"
assert_equal [lindex [chan configure $c -sockname] 2] $cport \
    "the third argument is the client's port"
close $c
close $chan
close $srv
