# ---
# id: 0304
# title: -connecting is 1 while an -async connect is still in progress
# clauses: [client.async.connecting-option, client.async.returns-immediately]
# readings: [pending-names:empty, pending-names:partial, pending-names:error]
# requires: [ipv4]
# timeout: 15
# includes: [pending.tcl]
# ---
set srv [socket -server {apply {{chan addr port} {close $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [pending_connect $port]
assert {$::filled > 0} "connects that completed at once reported -connecting 0"

# No event loop runs here, so the queue stays full and the connect pending.
assert_equal 1 [chan configure $c -connecting] "-connecting is 1 while the connect is in progress"
after 100
assert_equal 1 [chan configure $c -connecting] "-connecting stays 1 while nothing has changed"
observe pending.error [chan configure $c -error]
foreach opt {-peername -sockname} {
    observe pending.[string range $opt 1 end] [expr {[catch {chan configure $c $opt} v] ? "error: $v" : $v}]
}
measure pending.filled.count $::filled
close $c
close $srv
