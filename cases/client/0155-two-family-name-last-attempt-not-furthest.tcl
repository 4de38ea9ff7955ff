# ---
# id: 0155
# title: on a single-family host, a connect to a name of both families reports the refusal or the missing address, never the last attempt's socket() failure
# clauses: [client.connect.several-addresses, client.connect.refused-error, client.myaddr.missing-family-error, args.failure-leaves-no-channel]
# readings: [several-failures-error:furthest, several-failures-error:last, several-failures-error:first, errno-texts:tcl-table, errno-texts:libc-strerror, errno-texts:any]
# params: [name-dual]
# timeout: 15
# ---
# In v4only and v6only the name lists ::1 and 127.0.0.1, and socket() fails for the family
# the host lacks (EAFNOSUPPORT). glibc sorts the unusable address last, so that failure is the
# last attempt, and the one that got furthest is the refusal of the usable address; with
# -myaddr of the missing family's wildcard no attempt gets further than socket(). Any POSIX
# error conforms (ambiguity several-failures-error); tclsh 8.6.13 reports the refusal, or
# "host is unreachable" when nothing got further - never the socket() failure
# (spec/observations/lastattempt.tcl).
set name [param name-dual]
if {[catch {close [socket -server {apply {args {}}} -myaddr 127.0.0.1 0]}]} {
    set here ::1
    set other 0.0.0.0
} else {
    set here 127.0.0.1
    set other ::
}
set port [free_port $here]
set before [lsort [chan names]]
set refused [list -code {POSIX E* *} -compat-message {couldn't open socket: connection refused} \
    -compat-code {POSIX ECONNREFUSED {connection refused}}]
set unreachable [list -code {POSIX E* *} -compat-message {couldn't open socket: host is unreachable} \
    -compat-code {POSIX EHOSTUNREACH {host is unreachable}}]

# The usable address refuses; the other one's socket() fails.
observe blocking [assert_error {*}$refused ?* {socket $name $port}]
# With -myaddr of the usable family the other address has no local address to pair with.
observe blocking.myaddr-here [assert_error {*}$refused ?* {socket -myaddr $here $name $port}]
# With -myaddr of the missing family: no pair for the usable address, socket() fails for the other.
observe blocking.myaddr-other [assert_error {*}$unreachable ?* {socket -myaddr $other $name $port}]

# -async: the refusal arrives later, through -error.
set c [socket -async -myaddr $here $name $port]
wait_event $c writable 5000
wait_until {[chan configure $c -connecting] == 0} 5000
set err [chan configure $c -error]
assert {$err ne ""} "-error reports the failure of the -async connect"
compat assert_equal "connection refused" $err "-error of tclsh 8.6.13: the refusal"
observe async.myaddr-here $err
close $c
# -async where no attempt gets as far as connect(): an error of the command, or through -error.
if {[catch {socket -async -myaddr $other $name $port} c opts]} {
    assert_match {POSIX E* *} [dict get $opts -errorcode] "the failure is a system error"
    set err $c
} else {
    wait_event $c writable 5000
    set err [chan configure $c -error]
    assert {$err ne ""} "-error reports the failure"
    close $c
}
compat assert_equal {couldn't open socket: host is unreachable} $err "tclsh 8.6.13 fails the command"
observe async.myaddr-other $err
assert_equal $before [lsort [chan names]] "no channel is left behind"
