# ---
# id: 0412
# title: reading from a server channel fails, and the server still accepts afterwards
# clauses: [server.channel.no-io]
# requires: [ipv4]
# timeout: 10
# ---
set srv [socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]

set msg [assert_error {*} {gets $srv}]
observe error.server-gets [string map [list $srv CHAN] $msg]
observe errorcode.server-gets $::errorCode
assert_error {*} {read $srv}

set c [socket 127.0.0.1 $port]
wait_for ::accepted 5000
assert {$::accepted ne $srv} "the failed reads did not disturb accepting"
close $c
close $::accepted
close $srv
