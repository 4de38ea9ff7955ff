# ---
# id: 0703
# title: sockets take the system encoding current when they are created, not a fixed one
# clauses: [description.encoding.default]
# requires: [ipv4]
# timeout: 10
# ---
# Changing [encoding system] catches an implementation that hard-wires utf-8
# (the usual system encoding) instead of asking for the system encoding.
set saved [encoding system]
set other [expr {$saved eq "iso8859-1" ? "utf-8" : "iso8859-1"}]
set srv [socket -server {apply {{chan addr port} {
    lappend ::accepted $chan [chan configure $chan -encoding]
}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set early [socket 127.0.0.1 $port]
wait_until {[info exists ::accepted] && [llength $::accepted] == 2} 5000
encoding system $other
set rc [catch {
    set late [socket 127.0.0.1 $port]
    wait_until {[llength $::accepted] == 4} 5000
} msg opts]
encoding system $saved
if {$rc} {return -options $opts $msg}
assert_equal $other [chan configure $late -encoding] "a client made after the change has the new system encoding"
assert_equal $other [lindex $::accepted 3] "so has the channel accepted after the change"
assert_equal $saved [chan configure $early -encoding] "a client made before keeps the encoding it was created with"
assert_equal $saved [lindex $::accepted 1] "so does the channel accepted before"
close $early
close $late
foreach {chan enc} $::accepted {close $chan}
close $srv
