# ---
# id: 0502
# title: an IPv4 client reaches a dual-stack wildcard server and is seen with its IPv4 address
# clauses: [description.protocol.tcp-ipv4, server.myaddr.wildcard, server.accept.address-numeric]
# requires: [dual-stack]
# timeout: 10
# includes: [round-trip.tcl]
# ---
# A server without -myaddr on a host with both families also listens on IPv6;
# an IPv4 client must still be served. An implementation that serves IPv4 through
# an IPv6 socket would report ::ffff:127.0.0.1; that spelling is accepted here and
# recorded.
set srv [socket -server {apply {{chan addr port} {set ::accepted [list $chan $addr]}}} 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket 127.0.0.1 $port]
lassign [wait_for ::accepted] chan addr
assert {$addr in {127.0.0.1 ::ffff:127.0.0.1}} "the callback gets the client's IPv4 address"
observe accept.ipv4-on-wildcard $addr
round_trip $c $chan
puts $c ping
flush $c
wait_event $chan readable
assert_equal ping [gets $chan] "data flows from the IPv4 client"
puts $chan pong
flush $chan
wait_event $c readable
assert_equal pong [gets $c] "data flows back to the IPv4 client"
assert_equal 127.0.0.1 [lindex [chan configure $c -sockname] 0] "the client itself is IPv4"
close $c
close $chan
close $srv
