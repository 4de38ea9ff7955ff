# ---
# id: 0990
# title: where a new IPv6 socket is IPv6-only by default (BSD, Windows), a server without -myaddr still accepts clients over IPv4 and IPv6, on one port
# clauses: [server.dual-stack, server.port-zero.shared, server.accept.address-numeric]
# requires: [personality, dual-stack]
# timeout: 10
# ---
# Linux gives a new AF_INET6 socket IPV6_V6ONLY off (net.ipv6.bindv6only 0),
# so one socket bound to :: also takes IPv4 connections. FreeBSD and Windows
# turn it on, which the bsd and windows profiles emulate: an implementation
# that relies on that one socket reaches only IPv6 clients there, and one that
# binds 0.0.0.0 beside :: without setting the option itself finds the port
# taken on Linux. The server must be reachable over both families on the
# port -sockname names.
proc accept {chan addr port} {
    lappend ::accepted [list $chan $addr]
}
set srv [socket -server accept 0]
set port [lindex [chan configure $srv -sockname] 2]
set c4 [socket 127.0.0.1 $port]
set c6 [socket ::1 $port]
wait_until {[info exists ::accepted] && [llength $::accepted] == 2} 5000
set addrs [lsort [lmap entry $::accepted {lindex $entry 1}]]
observe accepted.addresses $addrs
assert_equal [list 127.0.0.1 ::1] $addrs "one client over each family is accepted, with its own address"
foreach entry $::accepted {
    close [lindex $entry 0]
}
close $c4
close $c6
close $srv
