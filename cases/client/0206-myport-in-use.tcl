# ---
# id: 0206
# title: -myport naming a port a local server listens on fails with a POSIX EADDRINUSE error and makes no connection
# clauses: [client.myport.in-use-error, client.myport.integer, args.error-message-form, args.errorcode-posix]
# readings: [errno-texts:tcl-table, errno-texts:libc-strerror, errno-texts:any]
# requires: [ipv4]
# timeout: 10
# ---
set srv [socket -server {apply {{chan addr port} {lappend ::accepted $port; close $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set busy [socket -server {apply {args {}}} -myaddr 127.0.0.1 0]
set busyport [lindex [chan configure $busy -sockname] 2]
set before [chan names]
assert_error -code {POSIX EADDRINUSE *} \
    -compat-message {couldn't open socket: address already in use} \
    -compat-code {POSIX EADDRINUSE {address already in use}} ?* {
    socket -myaddr 127.0.0.1 -myport $busyport 127.0.0.1 $port
}
assert_equal [lsort $before] [lsort [chan names]] "no channel is left behind"
after 100 {set ::settled 1}
vwait ::settled
assert {![info exists ::accepted]} "no connection was made from another port instead"
close $busy
close $srv
