# ---
# id: 0409
# title: a callback made with namespace code runs the namespace's own command with the three arguments
# clauses: [server.accept.command-prefix]
# requires: [ipv4]
# timeout: 10
# ---
namespace eval ::srv {
    variable accepted
    proc accept {tag chan addr port} {
        variable accepted
        set accepted [list $tag [namespace current] $chan $addr $port]
    }
    # No global command of this name exists: only the namespace resolves it.
    variable cmd [namespace code [list accept tagged]]
}
assert {[info commands ::accept] eq ""} "the test relies on there being no global accept"
set srv [socket -server $::srv::cmd -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket 127.0.0.1 $port]
lassign [wait_for ::srv::accepted 5000] tag ns chan addr cport
assert_equal tagged $tag "the word captured by namespace code comes first"
assert_equal ::srv $ns "the command of namespace ::srv is the one called"
assert_equal 127.0.0.1 $addr "the client's address is appended"
assert_equal [lindex [chan configure $c -sockname] 2] $cport "the client's port is appended"
close $c
close $chan
close $srv
