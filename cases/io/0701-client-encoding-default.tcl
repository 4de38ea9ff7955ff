# ---
# id: 0701
# title: a new client socket's -encoding is the system encoding
# clauses: [description.encoding.default]
# requires: [ipv4]
# timeout: 10
# ---
set srv [socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket 127.0.0.1 $port]
assert_equal [encoding system] [chan configure $c -encoding] "-encoding of a client equals \[encoding system\]"
observe encoding.system [encoding system]
wait_for ::accepted
close $c
close $::accepted
close $srv
