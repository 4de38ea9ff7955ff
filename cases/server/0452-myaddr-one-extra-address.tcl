# ---
# id: 0452
# title: a server with -myaddr set to one extra local address refuses connections to the machine's other addresses
# clauses: [server.myaddr.numeric, client.connect.refused-error]
# requires: [multihomed]
# params: [v4-extra, v4-extra2]
# timeout: 10
# ---
# An implementation that ignores -myaddr (binding the wildcard) accepts the
# connection to the other address.
set addr [param v4-extra]
set other [param v4-extra2]
set srv [socket -server {apply {{chan addr port} {lappend ::accepted $chan}}} -myaddr $addr 0]
set groups [chan configure $srv -sockname]
assert_equal $addr [lindex $groups 0] "-sockname names the bound address"
set port [lindex $groups 2]
assert_error -code {POSIX ECONNREFUSED *} \
    -compat-message {couldn't open socket: connection refused} \
    -compat-code {POSIX ECONNREFUSED {connection refused}} ?* {
    socket $other $port
}
set c [socket $addr $port]
wait_until {[info exists ::accepted]} 5000
assert_equal 1 [llength $::accepted] "only the connection to the bound address was accepted"
close $c
close [lindex $::accepted 0]
close $srv
