# ---
# id: 0354
# title: while a connect's SYNs go unanswered, -connecting stays 1 and no writable event fires; close ends it cleanly
# clauses: [client.async.connecting-option, client.async.returns-immediately]
# readings: [pending-names:empty, pending-names:partial, pending-names:error]
# requires: [pending-connect]
# params: [filtered-addr, filtered-port]
# timeout: 10
# ---
# The profile drops every SYN to this port (nftables, inside its own
# namespace), so the connect stays in progress for as long as the case runs.
set addr [param filtered-addr]
set port [param filtered-port]
set t0 [clock milliseconds]
set c [socket -async $addr $port]
assert {[clock milliseconds] - $t0 < 1000} "socket -async returned without waiting for the connect"
assert_equal 1 [chan configure $c -connecting] "-connecting is 1 right after socket -async"
chan event $c writable {set ::fired 1}
after 200 {set ::waited 1}
vwait ::waited
assert {![info exists ::fired]} "no writable event while the connect is still in progress"
assert_equal 1 [chan configure $c -connecting] "-connecting is still 1 after 200 ms"
assert_equal "" [chan configure $c -error] "-error is empty while nothing has failed"
foreach opt {-sockname -peername} {
    if {[catch {chan configure $c $opt} v]} {set v "error: $v"}
    observe pending[string map {- .} $opt] $v
}
set t1 [clock milliseconds]
close $c
assert {[clock milliseconds] - $t1 < 1000} "close of a pending socket does not wait for the connect"
assert {$c ni [chan names]} "the channel is gone"
