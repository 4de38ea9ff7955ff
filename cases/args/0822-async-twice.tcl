# ---
# id: 0822
# title: -async given twice is the same as once, a channel that connects
# clauses: [args.options.exact, client.async.returns-immediately]
# requires: [ipv4]
# timeout: 10
# ---
set srv [socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket -async -async 127.0.0.1 $port]
assert {$c in [chan names]} "a repeated -async still returns a channel"
wait_event $c writable 5000
wait_until {[chan configure $c -connecting] == 0} 5000
assert_equal "" [chan configure $c -error] "the connect succeeded"
wait_for ::accepted
close $c
close $::accepted
close $srv
