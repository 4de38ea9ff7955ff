# ---
# id: 0963
# title: a port 0 server on a name of both families, on a host with IPv6 disabled, listens on IPv4 alone even when its first IPv6 bind finds the IPv4 port taken
# clauses: [server.bind.partial-success, server.port-zero.allocates, server.myaddr.name, option.sockname.server-single-group]
# readings: [server-partial-bind:any-succeeds]
# requires: [v4only-host]
# params: [name-dual]
# timeout: 15
# includes: [round-trip.tcl]
# ---
# The v4only profile disables IPv6 by sysctl and the fault shim makes
# socket(AF_INET6) fail (SOCKCONF_FAULT_DENY_FAMILY). For this command the
# case lifts the second part, so the host is one whose kernel has IPv6 but no
# IPv6 address: an AF_INET6 socket can be made, binding ::1 cannot. The name
# lists 127.0.0.1 and ::1. With port 0 the IPv4 address gets a port first;
# the first IPv6 bind then fails with EADDRINUSE (SOCKCONF_FAULT_FAIL), as it
# does when that port is taken in IPv6. An implementation may give up on
# IPv6, or start over with a new port (and then finds ::1 unbindable): either
# way the server must be created, listening on IPv4 alone, and accept.
set name [param name-dual]
set deny $::env(SOCKCONF_FAULT_DENY_FAMILY)
unset ::env(SOCKCONF_FAULT_DENY_FAMILY)
set ::env(SOCKCONF_FAULT_FAIL) bind/inet6:EADDRINUSE:1
try {
    set rc [catch {socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr $name 0} srv]
} finally {
    unset ::env(SOCKCONF_FAULT_FAIL)
    set ::env(SOCKCONF_FAULT_DENY_FAMILY) $deny
}
assert_equal 0 $rc "the server is created on the address that can be bound ($srv)"
set names [chan configure $srv -sockname]
assert_equal 3 [llength $names] "one address is listened on"
assert_equal 127.0.0.1 [lindex $names 0] "the server listens on IPv4"
set port [lindex $names 2]
assert {$port > 0} "the system gave the server a port"
set c [socket 127.0.0.1 $port]
wait_for ::accepted 5000
round_trip $c $::accepted
puts $c "to the IPv4 listener"
flush $c
assert_equal "to the IPv4 listener" [gets $::accepted] "the server accepts on IPv4"
close $c
close $::accepted
close $srv
