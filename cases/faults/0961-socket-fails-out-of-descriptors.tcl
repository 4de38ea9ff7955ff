# ---
# id: 0961
# title: when socket() fails with EMFILE, also after the type flags were rejected, servers and clients fail with a POSIX error and leave no channel
# clauses: [server.socket.failure-error, args.failure-leaves-no-channel, args.errorcode-posix, client.connect.several-addresses]
# requires: [fault-shim]
# readings: [several-failures-error:furthest, several-failures-error:last, several-failures-error:first, errno-texts:tcl-table, errno-texts:libc-strerror, errno-texts:any]
# timeout: 10
# includes: [faults.tcl]
# ---
# A process out of descriptors cannot create a socket: socket() fails with
# EMFILE. The fault shim (harness/native/fault.c, preloaded in every namespace
# profile: capability fault-shim) makes it fail so, once on its
# own and once after a first socket() with SOCK_NONBLOCK|SOCK_CLOEXEC was
# rejected with EINVAL (as kernels before Linux 2.6.27 do), which sends an
# implementation that uses the flags down its other path. localhost is the
# profile's one loopback address. A server reports the EMFILE; which error a
# client reports when its only address fails at socket() is the
# several-failures-error question (tclsh 8.6.13 says "host is unreachable"):
# a POSIX error is required, its symbol observed.
set srv [socket -server {apply {args {}}} -myaddr localhost 0]
set port [lindex [chan configure $srv -sockname] 2]
set before [lsort [chan names]]
foreach {how rules} {plain socket:EMFILE after-flags {socket/flags:EINVAL socket:EMFILE}} {
    set msg [with_fault $rules {
        assert_error -code {POSIX EMFILE *} \
            -compat-message {couldn't open socket: too many open files} \
            -compat-code {POSIX EMFILE {too many open files}} \
            ?* {socket -server {apply {args {}}} -myaddr localhost 0}
    }]
    observe error.server.$how $msg
    foreach {form cmd} [list sync [list socket localhost $port] async [list socket -async localhost $port]] {
        with_fault $rules {
            set rc [catch $cmd msg opts]
        }
        assert_equal 1 $rc "a $form client cannot be created without a socket ($msg)"
        assert_match {POSIX E* *} [dict get $opts -errorcode] "the $form client's failure is a system error"
        observe error.$form.$how [lrange [dict get $opts -errorcode] 0 1]
    }
}
assert_equal $before [lsort [chan names]] "the failed commands leave no channel behind"
close $srv
