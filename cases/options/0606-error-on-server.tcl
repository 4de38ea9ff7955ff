# ---
# id: 0606
# title: -error on a listening server socket is empty
# clauses: [option.error.empty-when-healthy]
# requires: [ipv4]
# timeout: 5
# ---
set srv [socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
assert_equal "" [chan configure $srv -error] "a fresh server has no error"
set c [socket 127.0.0.1 $port]
wait_for ::accepted
assert_equal "" [chan configure $srv -error] "a server that has accepted a connection has no error"
close $c
close $::accepted
close $srv
