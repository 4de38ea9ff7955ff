# ---
# id: 0955
# title: a server whose listen() fails is not created; the command fails with the POSIX error and leaves no channel
# clauses: [server.listen.failure-error, args.failure-leaves-no-channel, args.errorcode-posix, args.error-message-form]
# requires: [fault-shim]
# readings: [errno-texts:tcl-table, errno-texts:libc-strerror, errno-texts:any]
# timeout: 10
# includes: [faults.tcl]
# ---
# Binding is not all: listen() can still fail, for instance with EADDRINUSE
# when another socket has started listening on the same port in between. A
# socket that cannot listen is no server. The fault shim
# (harness/native/fault.c, preloaded in every namespace
# profile: capability fault-shim) makes listen() fail; localhost is the profile's one
# loopback address, and the wildcard server has only that one family.
set before [lsort [chan names]]
foreach {form cmd} [list \
        myaddr [list socket -server {apply {args {}}} -myaddr localhost 0] \
        wildcard [list socket -server {apply {args {}}} 0]] {
    set msg [with_fault listen:EADDRINUSE {
        assert_error -code {POSIX EADDRINUSE *} \
            -compat-message {couldn't open socket: address already in use} \
            -compat-code {POSIX EADDRINUSE {address already in use}} \
            ?* $cmd
    }]
    observe error.$form $msg
}
assert_equal $before [lsort [chan names]] "the failed commands leave no channel behind"
set srv [socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr localhost 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket localhost $port]
wait_for ::accepted 5000
assert {$::accepted in [chan names]} "once listen() works a server is created and accepts"
close $c
close $::accepted
close $srv
