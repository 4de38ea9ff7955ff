# ---
# id: 0650
# title: after an -async connect succeeded on the second address of a name, -error is empty (no stale refusal)
# clauses: [option.error.empty-when-healthy, client.async.verify-success]
# readings: [error-after-success:empty]
# requires: [names]
# params: [name-v6-first]
# timeout: 10
# ---
# The first address (::1) refuses: an implementation that keeps that error
# would make the manual's check (-error once -connecting is 0) report a failure.
set name [param name-v6-first]
set srv [socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket -async $name $port]
wait_until {[chan configure $c -connecting] == 0} 5000
assert_equal "" [chan configure $c -error] "-error is empty after the successful fallback"
wait_for ::accepted 5000
close $c
close $::accepted
close $srv
