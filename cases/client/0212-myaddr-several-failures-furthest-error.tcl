# ---
# id: 0212
# title: with -myaddr 127.0.0.1 a connect to a name listing ::1 then 127.0.0.1 where nothing listens fails with a POSIX error, which tclsh 8.6 takes from the refused attempt
# clauses: [client.connect.several-addresses, client.myaddr.missing-family-error, client.connect.refused-error]
# readings: [several-failures-error:furthest, several-failures-error:last, several-failures-error:first]
# requires: [names]
# params: [name-v6-first]
# timeout: 10
# ---
# ::1 cannot be tried at all (-myaddr offers no IPv6 address); 127.0.0.1 is
# tried and refused. The manual does not say which of several errors is
# reported, so any POSIX error conforms; tclsh 8.6 reports the attempt that got
# furthest (the refusal), where the "first" reading would report the missing
# family (compatibility). Blocking and -async alike.
set name [param name-v6-first]
set srv [socket -server {apply {args {}}} -myaddr $name 0]
set port [lindex [chan configure $srv -sockname] 2]
close $srv
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
