# ---
# id: 0962
# title: an -async connect whose socket cannot be made non-blocking fails instead of connecting in the foreground, and leaves no channel
# clauses: [client.async.nonblocking-required, args.failure-leaves-no-channel]
# requires: [fault-shim]
# readings: [errno-texts:tcl-table, errno-texts:libc-strerror, errno-texts:any]
# timeout: 10
# includes: [faults.tcl]
# ---
# -async needs a socket in non-blocking mode. Where socket() takes no
# SOCK_NONBLOCK flag (kernels before Linux 2.6.27 reject it with EINVAL), the
# mode is set afterwards with fcntl(F_SETFL); if that fails, connecting would
# block, so the command must fail. The fault shim (harness/native/fault.c,
# preloaded in every namespace profile: capability fault-shim)
# rejects the flag and fails F_SETFL with EPERM. Which error is reported is
# the implementation's (tclsh 8.6.13, which always sets the mode with fcntl,
# says "host is unreachable": no address was left): observed.
set srv [socket -server {apply {{chan addr port} {lappend ::accepted $chan}}} -myaddr localhost 0]
set port [lindex [chan configure $srv -sockname] 2]
set before [lsort [chan names]]
with_fault "socket/flags:EINVAL fcntl/setfl:EPERM" {
    set rc [catch {socket -async localhost $port} msg opts]
}
assert_equal 1 $rc "the -async connect fails ($msg)"
assert_match {POSIX E* *} [dict get $opts -errorcode] "the failure is a system error"
observe error.async [lrange [dict get $opts -errorcode] 0 1]
assert_equal $before [lsort [chan names]] "the failed command leaves no channel behind"
# The server saw no connection it could serve (none, or one closed at once).
update
if {[info exists ::accepted]} {
    foreach chan $::accepted {close $chan}
}
close $srv
