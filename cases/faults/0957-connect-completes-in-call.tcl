# ---
# id: 0957
# title: where connect() completes within the call, an -async socket is connected at once and fires the writable event, and a synchronous one connects
# clauses: [client.async.returns-immediately, client.async.success-event, client.async.verify-success, option.connecting.after-completion, client.connect.read-write]
# requires: [fault-shim]
# timeout: 15
# includes: [faults.tcl, round-trip.tcl]
# ---
# On some systems a non-blocking connect to a local address succeeds within
# the call instead of reporting EINPROGRESS. -async then has nothing left to
# wait for: the socket is connected when the command returns, the writable
# event fires, -error is empty, and data flows. The fault shim
# (harness/native/fault.c, preloaded in every namespace
# profile: capability fault-shim) makes every connect() wait for its outcome while
# SOCKCONF_FAULT_FAIL is connect:SYNC. localhost is the profile's one
# loopback address.
proc accept {chan addr port} {
    lappend ::accepted $chan
}
set srv [socket -server accept -myaddr localhost 0]
set port [lindex [chan configure $srv -sockname] 2]
with_fault connect:SYNC {
    set rca [catch {socket -async localhost $port} a]
    set rcs [catch {socket localhost $port} s]
}
assert_equal 0 $rca "the -async socket is created ($a)"
assert_equal 0 $rcs "the synchronous socket connects ($s)"
assert_equal 0 [chan configure $a -connecting] "the -async connect has already ended"
wait_event $a writable 5000
assert_equal {} [chan configure $a -error] "the -async connect succeeded"
assert_equal $port [lindex [chan configure $a -peername] 2] "the -async socket's peer is the server"
assert_equal $port [lindex [chan configure $s -peername] 2] "the synchronous socket's peer is the server"
wait_until {[info exists ::accepted] && [llength $::accepted] == 2} 5000
foreach chan [list $a $s] {
    round_trip $chan [other_end $chan $::accepted]
    puts $chan "from $chan"
    flush $chan
}
set got [lsort [lmap chan $::accepted {gets $chan}]]
assert_equal [lsort [list "from $a" "from $s"]] $got "both connections carry data"
foreach chan [list $a $s {*}$::accepted $srv] {
    close $chan
}
