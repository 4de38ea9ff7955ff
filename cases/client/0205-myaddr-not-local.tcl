# ---
# id: 0205
# title: -myaddr naming an address that is not local fails with a POSIX EADDRNOTAVAIL error and makes no connection
# clauses: [client.myaddr.not-local-error, client.myaddr.numeric, args.error-message-form, args.errorcode-posix]
# readings: [errno-texts:tcl-table, errno-texts:libc-strerror, errno-texts:any]
# requires: [ipv4, test-net-not-local]
# timeout: 10
# ---
# 198.51.100.1 (TEST-NET-2) is never contacted: binding it fails before any
# packet, and the destination is a loopback server. The harness has probed
# that the host does not own the address (test-net-not-local).
set srv [socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set before [chan names]
assert_error -code {POSIX EADDRNOTAVAIL *} \
    -compat-message {couldn't open socket: cannot assign requested address} \
    -compat-code {POSIX EADDRNOTAVAIL {cannot assign requested address}} ?* {
    socket -myaddr 198.51.100.1 127.0.0.1 $port
}
assert_equal [lsort $before] [lsort [chan names]] "no channel is left behind"
after 100 {set ::settled 1}
vwait ::settled
assert {![info exists ::accepted]} "no connection was made with another local address instead"
close $srv
