# ---
# id: 0960
# title: a server on a name of both families, on a host with one, reports the busy port (EADDRINUSE) rather than the missing family when no address can be listened on
# clauses: [server.listen.furthest-error, server.listen.busy-port-error, server.myaddr.name, args.errorcode-posix]
# readings: [errno-texts:tcl-table, errno-texts:libc-strerror, errno-texts:any]
# params: [name-dual]
# timeout: 10
# ---
# The name lists 127.0.0.1 and ::1; the profile has only one of the families
# (socket() of the other fails with EAFNOSUPPORT, the fault shim). With the
# port already taken on the address that exists, neither address can be
# listened on: one fails at socket(), the other at bind(). The error worth
# reporting is the one that got furthest, the busy port, whichever of the two
# addresses comes first; the first server keeps working.
set name [param name-dual]
set s1 [socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr localhost 0]
set port [lindex [chan configure $s1 -sockname] 2]
set before [lsort [chan names]]
set msg [assert_error -code {POSIX EADDRINUSE *} \
    -compat-message {couldn't open socket: address already in use} \
    -compat-code {POSIX EADDRINUSE {address already in use}} \
    ?* {socket -server {apply {args {}}} -myaddr $name $port}]
observe error.busy-name $msg
assert_equal $before [lsort [chan names]] "the failed command leaves no channel behind"
set c [socket localhost $port]
wait_for ::accepted 5000
assert {$::accepted in [chan names]} "the first server still accepts"
close $c
close $::accepted
close $s1
