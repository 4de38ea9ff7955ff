# ---
# id: 0950
# title: where socket() rejects SOCK_NONBLOCK and SOCK_CLOEXEC, clients, -async clients and servers still work and no socket leaks into child processes
# clauses: [client.connect.returns-channel, client.connect.read-write, client.async.success-event, server.accept.new-channel, description.channel.not-inherited]
# requires: [fault-shim]
# timeout: 15
# includes: [faults.tcl, round-trip.tcl]
# ---
# Kernels before Linux 2.6.27 reject the SOCK_NONBLOCK and SOCK_CLOEXEC type
# flags with EINVAL. The fault shim (harness/native/fault.c, preloaded in every namespace profile: capability fault-shim) makes socket() do the
# same while SOCKCONF_FAULT_FAIL says so. An implementation may use the flags
# where they work, but must then get the same sockets some other way.
# localhost is the profile's one loopback address (127.0.0.1 or ::1).
proc accept {chan addr port} {
    lappend ::accepted $chan
}
with_fault socket/flags:EINVAL {
    set srv [socket -server accept -myaddr localhost 0]
    set port [lindex [chan configure $srv -sockname] 2]
    set c [socket localhost $port]
    set a [socket -async localhost $port]
}
wait_until {[info exists ::accepted] && [llength $::accepted] == 2} 5000
wait_event $a writable 5000
assert_equal {} [chan configure $a -error] "the -async connect succeeded"
assert_equal 0 [chan configure $a -connecting] "the -async connect has ended"
foreach chan [list $c $a] {
    round_trip $chan [other_end $chan $::accepted]
    puts $chan "through $chan"
    flush $chan
}
set got [lmap chan $::accepted {gets $chan}]
assert_equal [lsort [list "through $c" "through $a"]] [lsort $got] "both connections carry data"
assert_equal {} [child_sockets] "a child process inherits none of the sockets"
foreach chan [list $c $a {*}$::accepted $srv] {
    close $chan
}
