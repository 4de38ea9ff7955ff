# lastattempt.tcl -- which error a connect reports when every address of a name fails and
# the last attempt is not the one that got furthest (cases 0155, 0214; ambiguity
# several-failures-error). Run on a host without IPv6:
#   run.sh --v4only --hosts hosts.v4only [--tclsh PROGRAM] lastattempt.tcl
# dual46 lists ::1 and 127.0.0.1; glibc sorts the unusable ::1 last. No listener anywhere,
# so 127.0.0.1 refuses; socket(AF_INET6) fails (EAFNOSUPPORT, fault shim); with -myaddr of
# one family, the other family's address has no local address to pair with.
source [file join [file dirname [info script]] lib.tcl]
set p [freeport]
show LA1 [list socket dual46 $p]
show LA2 [list socket ::1 $p]
show LA3 [list socket -myaddr :: dual46 $p]
show LA4 [list socket -myaddr 127.0.0.1 dual46 $p]
show LA5 [list socket -async -myaddr :: dual46 $p]
set c [show LA6 [list socket -async -myaddr 127.0.0.1 dual46 $p]]
puts "LA7: writable within 3 s: [waitw $c 3000]; -error [list [chan configure $c -error]]"
close $c
puts "LA8: channels left: [llength [chan names sock*]]"
