# ---
# id: 0423
# title: a server without -myaddr is reachable through any local address, such as 127.0.0.2
# clauses: [server.myaddr.wildcard]
# requires: [ipv4, loopback-range]
# timeout: 10
# ---
set srv [socket -server {apply {{chan addr port} {
    set ::accepted [list $chan $addr]
}}} 0]
set port [lindex [chan configure $srv -sockname] 2]
set wild [lmap {a h p} [chan configure $srv -sockname] {set a}]
assert {"0.0.0.0" in $wild || "::" in $wild} "-sockname shows a wildcard address"
observe sockname.server-wildcard $wild

set c [socket 127.0.0.2 $port]
lassign [wait_for ::accepted 5000] chan addr
assert_match {*127.0.0.2} [lindex [chan configure $chan -sockname] 0] \
    "the accepted connection came in through 127.0.0.2"
close $c
close $chan
close $srv
