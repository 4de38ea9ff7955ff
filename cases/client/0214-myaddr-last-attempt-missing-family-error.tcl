# ---
# id: 0214
# title: with -myaddr 127.0.0.1 a connect to a name listing 127.0.0.1 then ::1 where nothing listens reports the refusal, not the last address's missing local address
# clauses: [client.connect.several-addresses, client.myaddr.missing-family-error, client.connect.refused-error, args.failure-leaves-no-channel]
# readings: [several-failures-error:furthest, several-failures-error:last, several-failures-error:first]
# requires: [names]
# params: [name-v4-first]
# timeout: 10
# ---
# 127.0.0.1 is tried and refused first; ::1 comes last and cannot be tried at all (-myaddr
# offers no IPv6 address): the last attempt is not the one that got furthest. (Case 0212 has
# the other order, where the last attempt is also the furthest.) Any POSIX error conforms;
# tclsh 8.6.13 reports the refusal (ambiguity several-failures-error, reading furthest).
set name [param name-v4-first]
set port [free_port 127.0.0.1]
set before [lsort [chan names]]
set msg [assert_error -code {POSIX E* *} \
    -compat-message {couldn't open socket: connection refused} \
    -compat-code {POSIX ECONNREFUSED {connection refused}} ?* {
    socket -myaddr 127.0.0.1 $name $port
}]
observe sync.error $msg
set c [socket -async -myaddr 127.0.0.1 $name $port]
wait_event $c writable 5000
wait_until {[chan configure $c -connecting] == 0} 5000
set error [chan configure $c -error]
assert {$error ne ""} "the -async connect failed"
compat assert_equal "connection refused" $error "-error reports the refusal of 127.0.0.1"
observe async.error $error
close $c
assert_equal $before [lsort [chan names]] "no channel is left behind"
