# ---
# id: 0419
# title: a server on a port already listened on fails with a POSIX EADDRINUSE error and the first server keeps accepting
# clauses: [server.listen.busy-port-error, args.address-in-use, args.error-message-form, args.errorcode-posix]
# readings: [errno-texts:tcl-table, errno-texts:libc-strerror, errno-texts:any]
# requires: [ipv4]
# timeout: 10
# ---
set s1 [socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $s1 -sockname] 2]
set before [chan names]
assert_error -code {POSIX EADDRINUSE *} \
    -compat-message {couldn't open socket: address already in use} \
    -compat-code {POSIX EADDRINUSE {address already in use}} ?* {
    socket -server {apply {args {}}} -myaddr 127.0.0.1 $port
}
assert_equal [lsort $before] [lsort [chan names]] "the failed command leaves no channel behind"

set c [socket 127.0.0.1 $port]
wait_for ::accepted 5000
assert {$::accepted in [chan names]} "the first server is unaffected and still accepts"
close $c
close $::accepted
close $s1
