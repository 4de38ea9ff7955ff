# ---
# id: 0980
# title: while accept fails for want of descriptors (EMFILE), a server neither runs callbacks nor keeps the process busy, and it accepts the waiting connections once descriptors are free
# clauses: [server.accept.failure-no-busy-wait, server.accept.failure-silent, server.accept.automatic]
# requires: [fault-shim, ipv4]
# profiles: [dual]
# includes: [faults.tcl]
# timeout: 20
# ---
# A process out of descriptors cannot take a connection from the listen
# queue; the connection stays there and the listener stays readable. Retrying
# on every pass of the event loop keeps the process at full CPU for as long as
# the shortage lasts. The fault shim makes accept() and accept4() fail with
# EMFILE for one second, during which the case measures the process's CPU time
# (user and system, from /proc/self/stat, in clock ticks of 1/100 s); a busy
# loop uses most of that second, an idle wait next to nothing. The bound is a
# measurement bound far from both, not a timing.
proc cpu_seconds {} {
    set f [open /proc/self/stat]
    set stat [read $f]
    close $f
    set fields [string range $stat [expr {[string last ")" $stat] + 2}] end]
    return [expr {([lindex $fields 11] + [lindex $fields 12]) / 100.0}]
}
proc accept {chan addr port} {
    lappend ::accepted $chan
}
set srv [socket -server accept -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
with_fault "accept4:EMFILE accept:EMFILE" {
    set c1 [socket 127.0.0.1 $port]
    set c2 [socket 127.0.0.1 $port]
    set before [cpu_seconds]
    after 1000 [list set ::waited 1]
    vwait ::waited
    set used [expr {[cpu_seconds] - $before}]
}
measure cpu-while-out-of-descriptors.s $used
assert {![info exists ::accepted]} "no callback runs while nothing can be accepted"
assert {$used < 0.3} "the server waits without keeping the process busy ($used CPU seconds in 1 s)"
wait_until {[info exists ::accepted] && [llength $::accepted] == 2} 5000
foreach c [list $c1 $c2] {
    puts $c "queued while the process was out of descriptors"
    flush $c
}
foreach chan $::accepted {
    assert_equal "queued while the process was out of descriptors" [gets $chan] \
        "a late-accepted connection carries data"
    close $chan
}
close $c1
close $c2
close $srv
