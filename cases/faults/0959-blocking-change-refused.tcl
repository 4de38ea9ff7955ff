# ---
# id: 0959
# title: when the system refuses to change a socket's blocking mode, chan configure -blocking fails with the POSIX error and the channel keeps its mode
# clauses: [channel.blocking.failure-error, client.sync.switch-nonblocking]
# requires: [fault-shim]
# readings: [errno-texts:tcl-table, errno-texts:libc-strerror, errno-texts:any]
# timeout: 10
# includes: [faults.tcl, round-trip.tcl]
# ---
# The blocking mode of a socket channel is the descriptor's O_NONBLOCK flag;
# if fcntl(F_SETFL) fails the mode has not changed, and the channel must not
# pretend it has. The fault shim (harness/native/fault.c, preloaded in every namespace profile: capability fault-shim) makes fcntl(F_SETFL)
# fail with EPERM, in both directions, on a client and on an accepted channel,
# and then fcntl(F_GETFL).
set srv [socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr localhost 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket localhost $port]
wait_for ::accepted 5000
round_trip $c $::accepted
foreach {what chan} [list client $c accepted $::accepted] {
    foreach {from to} {1 0 0 1} {
        if {$from == 0} {
            chan configure $chan -blocking 0
        }
        set msg [with_fault fcntl/setfl:EPERM {
            assert_error -code {POSIX EPERM *} \
                -compat-message {error setting blocking mode: not owner} \
                -compat-code {POSIX EPERM {not owner}} \
                ?* {chan configure $chan -blocking $to}
        }]
        observe error.$what.$to $msg
        assert_equal $from [chan configure $chan -blocking] "the $what channel keeps -blocking $from"
    }
    chan configure $chan -blocking 1
    # Reading the flags (F_GETFL) can fail too. Only the failure is required:
    # tclsh 8.6.13 goes on to F_SETFL with the -1 it got and reports the
    # EINVAL of that call, not the failure of the first (observed).
    set rc [with_fault fcntl/getfl:EPERM {
        catch {chan configure $chan -blocking 0} msg opts
    }]
    assert_equal 1 $rc "a failure to read the descriptor's flags is an error on the $what channel"
    assert_match {POSIX E* *} [dict get $opts -errorcode] "the failure is a system error"
    observe error.$what.getfl [lrange [dict get $opts -errorcode] 0 1]
    assert_equal 1 [chan configure $chan -blocking] "the $what channel keeps -blocking 1"
}
puts $c "blocking as before"
flush $c
assert_equal "blocking as before" [gets $::accepted] "the connection still works"
close $c
close $::accepted
close $srv
