# ---
# id: 0812
# title: -myaddr given twice binds the client to one of the two addresses given
# clauses: [args.options.exact, client.myaddr.numeric]
# requires: [ipv4, loopback-range]
# timeout: 10
# ---
# The manual does not say which of two -myaddr options counts; tclsh8.6 takes the
# last. The case requires that one of them is honoured and records which.
set srv [socket -server {apply {{chan addr port} {set ::accepted [list $chan $addr]}}} \
    -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket -myaddr 127.0.0.2 -myaddr 127.0.0.3 127.0.0.1 $port]
lassign [wait_for ::accepted] chan addr
set local [lindex [chan configure $c -sockname] 0]
assert {$local in {127.0.0.2 127.0.0.3}} "the client is bound to one of the -myaddr addresses"
assert_equal $local $addr "the server sees the bound address"
observe myaddr.twice [expr {$local eq "127.0.0.3" ? "last" : "first"}]
close $c
close $chan
close $srv
