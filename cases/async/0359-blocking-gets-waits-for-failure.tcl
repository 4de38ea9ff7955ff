# ---
# id: 0359
# title: a blocking gets on an -async socket waits until its connect has failed, then raises an error
# clauses: [client.async.blocking-gets-waits, client.async.io-after-failure]
# readings: [failed-async-io:enotconn, failed-async-io:connect-error]
# requires: [unreachable]
# params: [filtered-addr6, reject-port]
# timeout: 10
# ---
# Profile unreachable answers SYNs to this port on ::1 with ICMPv6
# host-unreachable; the failure reaches the socket about a second after the
# call (tclsh8.6: -connecting 1 at return), so gets has something to wait for.
set c [socket -async [param filtered-addr6] [param reject-port]]
# The ICMP answer comes about a second after the SYN: an -async socket
# cannot know the outcome when socket returns.
assert_equal 1 [chan configure $c -connecting] "the -async connect is still in progress when socket returns"
set rc [catch {gets $c} msg opts]
assert_equal 0 [chan configure $c -connecting] "gets returned only once the connect had finished"
assert_equal 1 $rc "gets on a failed connection raises an error (got: $msg)"
observe blocking-gets.error $msg
observe blocking-gets.errorcode [dict get $opts -errorcode]
assert_equal "host is unreachable" [chan configure $c -error] "-error names the failure"
close $c
