# ---
# id: 0414
# title: a connection is not passed to the accept callback until the event loop runs
# clauses: [server.accept.needs-event-loop]
# requires: [ipv4]
# timeout: 10
# ---
set srv [socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]

# The system completes the connection on its own; Tcl has not been asked to
# process events yet ([after ms] sleeps without serving events).
set c [socket 127.0.0.1 $port]
after 300
assert {![info exists ::accepted]} "no callback ran while the event loop was not entered"

update
if {![info exists ::accepted]} {
    wait_for ::accepted 5000
}
assert {$::accepted in [chan names]} "once the event loop runs, the connection is accepted"
close $c
close $::accepted
close $srv
