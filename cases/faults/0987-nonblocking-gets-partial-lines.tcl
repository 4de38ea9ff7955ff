# ---
# id: 0987
# title: non-blocking gets from readable events returns only whole lines, reports fblocked for a partial one, and misses none when receives are short and often refused (EAGAIN)
# clauses: [channel.data.intact, client.sync.switch-nonblocking, server.accepted.read-write]
# requires: [fault-shim, ipv4]
# profiles: [dual]
# faults: ["input/accepted:EAGAIN:p=50", input/accepted:SHORT=5]
# includes: [faults.tcl]
# timeout: 30
# ---
# The accepted side is non-blocking and reads lines with gets from its
# readable events. The fault shim makes its receives return at most 5 bytes
# and refuses half of them (EAGAIN), so lines arrive in pieces: gets must
# return -1 with fblocked 1 (not end of file) for a partial line and the line
# once it is whole.
lassign [connected_pair ""] c a
chan configure $a -blocking 0
set ::lines {}
set ::partial 0
chan event $a readable [list apply {{chan} {
    while 1 {
        set n [gets $chan line]
        if {$n >= 0} {
            lappend ::lines $line
            continue
        }
        if {[eof $chan]} {
            chan event $chan readable {}
            set ::done eof
        } elseif {[fblocked $chan]} {
            incr ::partial
        } else {
            set ::done "gets returned -1 without end of file or fblocked"
        }
        return
    }
}} $a]
set want {}
for {set i 0} {$i < 300} {incr i} {
    lappend want "line number $i of the client"
}
puts -nonewline $c "[join $want \n]\n"
close $c
wait_for ::done 20000
assert_equal eof $::done "the reader stops at end of file"
assert_equal $want $::lines "every line arrives once, whole and in order"
measure blocked-reads.count $::partial
assert {$::partial > 0} "partial lines were seen, and reported as blocked"
close $a
