# async-early.tcl -- ambiguity async-sync-failure: which -async failures are raised at once.
# Run with --filter: port 19 answers RST, port 29 ICMP host-unreachable, port 9 drops.
source [file join [file dirname [info script]] lib.tcl]
show F1 {socket -async no-such-name.invalid 80}
show F2 {socket -async -myaddr no-such-name.invalid 127.0.0.1 80}
set s [socket -server none -myaddr 127.0.0.1 0]
set port [lindex [chan configure $s -sockname] 2]
show F3 {socket -async -myaddr ::1 127.0.0.1 $port}
show F3-sync {socket -myaddr ::1 127.0.0.1 $port}
close $s
foreach {lbl host port} [list F4 127.0.0.1 [freeport] F5 127.0.0.1 19 F6 127.0.0.1 29 F7 ::1 29] {
    set c [show $lbl {socket -async $host $port}]
    puts "$lbl connecting-at-return=[chan configure $c -connecting]"
    puts "$lbl event=[waitw $c 2500] connecting=[chan configure $c -connecting] error=[list [chan configure $c -error]]"
    close $c
    show $lbl-sync {socket $host $port}
}
