# ---
# id: 0310
# title: gets on a blocking socket whose -async connect is in progress waits until the connect fails, then raises an error
# clauses: [client.async.blocking-gets-waits, client.async.io-after-failure]
# readings: [failed-async-io:enotconn, failed-async-io:connect-error]
# requires: [ipv4]
# timeout: 15
# includes: [pending.tcl]
# ---
set srv [socket -server {apply {{chan addr port} {close $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [pending_connect $port]

# Closing the server resets its queue; the retried SYN then finds no listener
# and is refused.
close $srv

set t0 [clock milliseconds]
set msg [assert_error {*} {gets $c line}]
measure blocking-gets.waited-ms [expr {[clock milliseconds] - $t0}]
observe blocking-gets.error [string map [list $c CHAN] $msg]
observe blocking-gets.errorcode $::errorCode
assert_equal 0 [chan configure $c -connecting] "gets returned only after the connect had failed"
observe error.after-gets [chan configure $c -error]
close $c
