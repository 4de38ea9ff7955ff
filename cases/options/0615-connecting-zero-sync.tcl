# ---
# id: 0615
# title: -connecting is 0 on a synchronously connected client and on the accepted channel
# clauses: [option.connecting.sync-zero]
# requires: [ipv4]
# timeout: 10
# ---
set srv [socket -server {apply {{chan addr port} {
    set ::accepted [list $chan [chan configure $chan -connecting]]
}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket 127.0.0.1 $port]
assert_equal 0 [chan configure $c -connecting] "a synchronous client is not connecting once socket returns"
lassign [wait_for ::accepted] chan inside
assert_equal 0 $inside "the accepted channel is not connecting, even inside the callback"
assert_equal 0 [chan configure $chan -connecting] "the accepted channel is not connecting"
close $c
close $chan
close $srv
