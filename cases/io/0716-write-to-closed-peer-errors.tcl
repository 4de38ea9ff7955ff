# ---
# id: 0716
# title: writing to a socket whose peer has closed soon fails with a broken-pipe or reset error
# clauses: [channel.write.peer-closed, args.errorcode-posix]
# readings: [errno-texts:tcl-table, errno-texts:libc-strerror, errno-texts:any]
# requires: [ipv4]
# timeout: 10
# includes: [round-trip.tcl]
# ---
set srv [socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket 127.0.0.1 $port]
wait_for ::accepted
round_trip $c $::accepted
close $::accepted
wait_event $c readable 5000
# The first write may still be accepted by the kernel (the peer answers it with
# a reset); a later one must fail. Bounded: 50 attempts 10 ms apart.
set failed 0
for {set i 1} {$i <= 50 && !$failed} {incr i} {
    if {[catch {puts $c [string repeat x 1000]; flush $c} msg opts]} {
        set failed $i
    } else {
        after 10
    }
}
assert {$failed > 0} "a write to a closed peer eventually fails"
assert_match {POSIX E* *} [dict get $opts -errorcode] "the failure is a system error"
assert {[lindex [dict get $opts -errorcode] 1] in {EPIPE ECONNRESET}} \
    "the error is a broken pipe or a connection reset"
compat assert_equal "error flushing \"$c\": broken pipe" $msg "the message of tclsh 8.6.13"
observe error.write-after-peer-close [string map [list $c CHAN] $msg]
measure write-after-peer-close.attempts.count $failed
catch {close $c}
close $srv
