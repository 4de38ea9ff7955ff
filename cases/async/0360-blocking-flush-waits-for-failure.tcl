# ---
# id: 0360
# title: a blocking flush on an -async socket waits until its connect has failed, then raises an error
# clauses: [client.async.blocking-flush-waits, client.async.io-after-failure]
# readings: [failed-async-io:enotconn, failed-async-io:connect-error]
# requires: [unreachable]
# params: [filtered-addr6, reject-port]
# timeout: 10
# ---
set c [socket -async [param filtered-addr6] [param reject-port]]
# The ICMP answer comes about a second after the SYN: an -async socket
# cannot know the outcome when socket returns.
assert_equal 1 [chan configure $c -connecting] "the -async connect is still in progress when socket returns"
puts -nonewline $c "data for a connection that will not be"
set rc [catch {flush $c} msg opts]
assert_equal 0 [chan configure $c -connecting] "flush returned only once the connect had finished"
assert_equal 1 $rc "flush on a failed connection raises an error (got: $msg)"
observe blocking-flush.error $msg
assert_equal "host is unreachable" [chan configure $c -error] "-error names the failure"
catch {close $c}
