# ---
# id: 0958
# title: a synchronous connect whose wait is interrupted by a signal (EINTR) still connects
# clauses: [client.connect.returns-channel, client.connect.read-write]
# requires: [fault-shim]
# timeout: 15
# includes: [faults.tcl, round-trip.tcl]
# ---
# An implementation that connects without blocking and then waits for the
# outcome (poll, select) sees EINTR when a signal arrives during the wait; the
# connect goes on, so the wait must be resumed, not taken as the connect's
# failure. The fault shim (harness/native/fault.c, preloaded in every namespace
# profile: capability fault-shim) makes the first poll() fail with
# EINTR. tclsh 8.6.13 connects with a blocking connect() and does not poll.
set srv [socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr localhost 0]
set port [lindex [chan configure $srv -sockname] 2]
with_fault poll:EINTR:1 {
    set rc [catch {socket localhost $port} s]
}
assert_equal 0 $rc "the connect succeeds although its wait was interrupted ($s)"
assert_equal $port [lindex [chan configure $s -peername] 2] "the socket's peer is the server"
wait_for ::accepted 5000
round_trip $s $::accepted
puts $s "after an interrupted wait"
flush $s
assert_equal "after an interrupted wait" [gets $::accepted] "the connection carries data"
close $s
close $::accepted
close $srv
