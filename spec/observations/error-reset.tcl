# error-reset.tcl -- ambiguity error-reset: what clears a pending -error?
# Each block: -async connect to a port of 127.0.0.1 that was just freed (refused).
source [file join [file dirname [info script]] lib.tcl]
# A1: query -error twice, then gets, then -error again
set c [socket -async 127.0.0.1 [freeport]]
puts "A1 connecting-at-return=[chan configure $c -connecting] event=[waitw $c 3000] connecting=[chan configure $c -connecting]"
puts "A1 error#1=[list [chan configure $c -error]] error#2=[list [chan configure $c -error]] eof=[eof $c]"
show A1-gets {gets $c}
puts "A1 error#3=[list [chan configure $c -error]]"
close $c
# A2: gets first (blocking), then -error twice
set c [socket -async 127.0.0.1 [freeport]]
puts "A2 event=[waitw $c 3000]"
show A2-gets {gets $c}
puts "A2 error#1=[list [chan configure $c -error]] error#2=[list [chan configure $c -error]]"
close $c
# A3: read first, then -error
set c [socket -async 127.0.0.1 [freeport]]
puts "A3 event=[waitw $c 3000]"
show A3-read {read $c}
puts "A3 error#1=[list [chan configure $c -error]]"
close $c
# A4: nonblocking gets first, then -error
set c [socket -async 127.0.0.1 [freeport]]
chan configure $c -blocking 0
puts "A4 event=[waitw $c 3000]"
show A4-gets {gets $c}
puts "A4 fblocked=[fblocked $c] eof=[eof $c] error#1=[list [chan configure $c -error]]"
close $c
# A5: chan configure with no option first (does listing all options consume it?)
set c [socket -async 127.0.0.1 [freeport]]
puts "A5 event=[waitw $c 3000]"
puts "A5 all=[list [chan configure $c]]"
puts "A5 error#1=[list [chan configure $c -error]]"
close $c
# A6: no event loop: only -connecting, then -error twice
set c [socket -async 127.0.0.1 [freeport]]
puts "A6 connecting=[chan configure $c -connecting] error#1=[list [chan configure $c -error]] error#2=[list [chan configure $c -error]]"
close $c
# A7: puts+flush first (blocking), then -error
set c [socket -async 127.0.0.1 [freeport]]
puts -nonewline $c hello
show A7-flush {flush $c}
puts "A7 error#1=[list [chan configure $c -error]]"
show A7-close {close $c}
# A8: synchronous connect that succeeded: -error
set s [socket -server none -myaddr 127.0.0.1 0]
set c [socket 127.0.0.1 [lindex [chan configure $s -sockname] 2]]
puts "A8 sync-success error=[list [chan configure $c -error]]"
close $c; close $s
