# ---
# id: 0321
# title: without the event loop, the first -connecting query after an -async connect has ended, in success or refusal, answers 0
# clauses: [option.connecting.after-completion, client.async.no-event-loop]
# requires: [ipv4]
# timeout: 10
# ---
# On the loopback the system ends both connects (the handshake, the refusal)
# within the connect call itself; after 100 ms neither is "still in
# progress". No event loop runs, so the query itself must take the step that
# notices it and answer from the state after that step, not from before.
set srv [socket -server {apply {{chan addr port} {close $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set ok [socket -async 127.0.0.1 $port]
set refused [socket -async 127.0.0.1 [free_port 127.0.0.1]]
after 100
assert_equal 0 [chan configure $ok -connecting] "the first query after the connect succeeded answers 0"
assert_equal "" [chan configure $ok -error] "and the connect succeeded"
assert_equal 0 [chan configure $refused -connecting] "the first query after the connect was refused answers 0"
assert {[chan configure $refused -error] ne ""} "and -error reports the refusal"
close $ok
close $refused
close $srv
