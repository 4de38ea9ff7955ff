# ---
# id: 0969
# title: blocking reads whose system receives are interrupted by signals (EINTR) half of the time still return every line, in order, without an error
# clauses: [channel.io.interrupted-retried, channel.data.intact]
# requires: [fault-shim, ipv4]
# profiles: [dual]
# faults: ["input/accepted:EINTR:p=50"]
# includes: [faults.tcl]
# timeout: 20
# ---
# A signal that arrives while a blocking recv waits interrupts it before any
# byte has moved: recv fails with EINTR, and the call is to be made again; the
# data is still there. The fault shim fails a seeded half of the accepted
# side's receives so while it reads lines with a blocking gets.
lassign [connected_pair] c a
set lines {}
for {set i 0} {$i < 100} {incr i} {
    lappend lines "line $i"
}
set got {}
foreach line $lines {
    puts $c $line
    flush $c
    set rc [catch {gets $a} msg]
    if {$rc} {
        observe error.interrupted-gets [string map [list $a CHAN] $msg]
    }
    assert_equal 0 $rc "an interrupted receive is no error ($msg)"
    lappend got $msg
}
assert_equal $lines $got "every line arrives once, in order"
close $c
close $a
