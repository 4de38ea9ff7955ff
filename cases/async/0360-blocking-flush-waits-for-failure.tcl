# ---
# id: 0360
# title: a blocking flush on an -async socket waits until its connect has failed, then raises an error
# clauses: [client.async.returns-immediately, client.async.blocking-flush-waits, client.async.failed-io-no-data, client.async.io-after-failure]
# readings: [failed-async-io:enotconn, failed-async-io:connect-error, error-reset:option-read-clears, error-reset:both-clear, errno-texts:tcl-table, errno-texts:libc-strerror, errno-texts:any]
# requires: [unreachable]
# params: [filtered-addr6, reject-port]
# timeout: 10
# ---
# The failure reaches the socket about a second after the SYN (see 0359).
set c [socket -async [param filtered-addr6] [param reject-port]]
assert_equal 1 [chan configure $c -connecting] "the -async connect is still in progress when socket returns"
puts -nonewline $c "data for a connection that will not be"
set rc [catch {flush $c} msg opts]
assert_equal 0 [chan configure $c -connecting] "flush returned only once the connect had finished"
assert_equal 1 $rc "flush on a failed connection raises an error (got: $msg)"
compat assert_equal {POSIX ENOTCONN {socket is not connected}} [dict get $opts -errorcode] \
    "the -errorcode of tclsh 8.6.13"
observe blocking-flush.error [string map [list $c CHAN] $msg]
observe blocking-flush.errorcode [dict get $opts -errorcode]
# The flush may have consumed the pending error (error-reset: both-clear), so
# -error is only compared: tclsh 8.6.13 still reports the failure here.
set err [chan configure $c -error]
compat assert_equal "host is unreachable" $err "the -error text of tclsh 8.6.13"
observe error.after-flush $err
catch {close $c}
