# fallback.tcl -- an -async connect that, refused on its first address, moves on to an
# address for which socket() fails (case 0901, ambiguity several-failures-error).
#   run.sh --v4only --hosts hosts.v4only [--tclsh PROGRAM] fallback.tcl
# dual46 lists ::1, then 127.0.0.1; glibc sorts the unusable ::1 last, so the connect is
# refused on 127.0.0.1 first, then socket(AF_INET6) fails (EAFNOSUPPORT, fault shim).
source [file join [file dirname [info script]] lib.tcl]
set p [freeport]
# Without the event loop first: tclsh 8.6.13 aborts once the event loop drives it.
set c [socket -async dual46 $p]
set seq {}
for {set i 0} {$i < 4} {incr i} {
    lappend seq [list [chan configure $c -connecting] [chan configure $c -error]]
}
puts "FB1: polled, no event loop: {-connecting -error} x4 = $seq"
show FB2 [list close $c]
set c [socket -async dual46 $p]
puts "FB3: -connecting at return: [chan configure $c -connecting]"
flush stdout
puts "FB4: writable within 3 s: [waitw $c 3000]"
flush stdout
puts "FB5: then -connecting [chan configure $c -connecting], -error [list [chan configure $c -error]], -error again [list [chan configure $c -error]]"
show FB6 [list close $c]
