# pending.tcl -- a connect held pending (run with --filter: port 9 drops SYNs).
source [file join [file dirname [info script]] lib.tcl]
set c [socket -async 127.0.0.1 9]
puts "P1 connecting=[chan configure $c -connecting] error=[list [chan configure $c -error]]"
show P2 {chan configure $c -peername}
show P3 {chan configure $c -sockname}
show P4 {chan configure $c}
chan configure $c -blocking 0
show P5 {gets $c}
puts "P5 fblocked=[fblocked $c]"
show P6 {read $c}
puts -nonewline $c abc
show P7 {flush $c}
puts "P7 connecting=[chan configure $c -connecting] pending-output=[chan pending output $c]"
close $c
# no event loop: poll -connecting for 1.5 s
set c [socket -async 127.0.0.1 9]
set t0 [clock milliseconds]; set n 0
while {[chan configure $c -connecting] && [clock milliseconds] - $t0 < 1500} {incr n; after 50}
puts "P8 after $n polls: connecting=[chan configure $c -connecting] error=[list [chan configure $c -error]]"
close $c
# blocking gets / flush on a pending connect, in a child killed after 2 s
set child {
    set c [socket -async 127.0.0.1 9]
    if {[lindex $argv 0] eq "gets"} {catch {gets $c} r} else {puts -nonewline $c x; catch {flush $c} r}
    puts "returned: $r"
}
set f [file tempfile path]; puts $f $child; close $f
foreach op {gets flush} {
    set rc [catch {exec timeout 2 tclsh8.6 $path $op} out]
    puts "P9 blocking $op on pending connect: rc=$rc [string map {\n { }} $out] errorcode=[lrange $::errorCode 0 2]"
}
file delete $path
