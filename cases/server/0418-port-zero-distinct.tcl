# ---
# id: 0418
# title: two port-0 servers open at the same time get different ports
# clauses: [server.port-zero.allocates]
# requires: [ipv4]
# timeout: 10
# ---
set s1 [socket -server {apply {{chan addr port} {set ::accepted1 $port; close $chan}}} -myaddr 127.0.0.1 0]
set s2 [socket -server {apply {{chan addr port} {set ::accepted2 $port; close $chan}}} -myaddr 127.0.0.1 0]
set p1 [lindex [chan configure $s1 -sockname] 2]
set p2 [lindex [chan configure $s2 -sockname] 2]
assert {$p1 > 0 && $p2 > 0} "both servers got a port"
assert {$p1 != $p2} "the two servers' ports differ"

set c1 [socket 127.0.0.1 $p1]
set c2 [socket 127.0.0.1 $p2]
wait_for ::accepted1 5000
wait_for ::accepted2 5000
assert_equal [lindex [chan configure $c1 -sockname] 2] $::accepted1 "the first server got the first client"
assert_equal [lindex [chan configure $c2 -sockname] 2] $::accepted2 "the second server got the second client"
close $c1
close $c2
close $s1
close $s2
