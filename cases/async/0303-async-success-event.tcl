# ---
# id: 0303
# title: an -async connect to a listening server fires the writable event with -error empty
# clauses: [client.async.returns-immediately, client.async.success-event, option.connecting.after-completion, option.error.empty-when-healthy]
# requires: [ipv4]
# timeout: 10
# ---
set srv [socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]

set s [socket -async 127.0.0.1 $port]
wait_event $s writable 5000
assert_equal 0 [chan configure $s -connecting] "-connecting is 0 after the writable event"
assert_equal "" [chan configure $s -error] "-error is empty after a successful connect"
assert_equal $port [lindex [chan configure $s -peername] 2] "connected to the server's port"
wait_for ::accepted
close $s
close $::accepted
close $srv
