# ---
# id: 0825
# title: a second server on an address and port already listened on fails with EADDRINUSE
# clauses: [server.listen.busy-port-error, args.address-in-use, args.errorcode-posix, args.failure-leaves-no-channel]
# readings: [errno-texts:tcl-table, errno-texts:libc-strerror, errno-texts:any]
# requires: [ipv4]
# timeout: 5
# ---
set srv [socket -server {apply {{chan addr port} {close $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set before [lsort [chan names]]
assert_error -code {POSIX EADDRINUSE *} \
    -compat-message {couldn't open socket: address already in use} \
    -compat-code {POSIX EADDRINUSE {address already in use}} ?* {
    socket -server {apply {{chan addr port} {close $chan}}} -myaddr 127.0.0.1 $port
}
assert_equal $before [lsort [chan names]] "no second server socket is created"
close $srv
