# ---
# id: 0975
# title: a blocking write to a connection that breaks after 3000 bytes (EPIPE) fails with a POSIX error, the interpreter is not killed by SIGPIPE, and the peer got only those bytes
# clauses: [channel.write.peer-closed, args.errorcode-posix, channel.data.intact]
# readings: [errno-texts:tcl-table, errno-texts:libc-strerror, errno-texts:any]
# requires: [fault-shim, ipv4]
# profiles: [dual]
# faults: [output/client:EPIPE:bytes=3000]
# includes: [faults.tcl]
# timeout: 20
# ---
# After 3000 bytes the fault shim breaks the client's connection: that send
# fails with EPIPE and raises SIGPIPE, as the kernel does for a send without
# MSG_NOSIGNAL, and the connection is shut down both ways. A process that
# has not ignored SIGPIPE dies of it; the implementation must keep the
# interpreter alive and report the failed write as an error, not lose the data
# silently.
lassign [connected_pair] c a
set data [pattern 20000]
set rc [catch {
    puts -nonewline $c $data
    flush $c
} msg opts]
assert_equal 1 $rc "the write to the broken connection fails"
assert_match {POSIX E* *} [dict get $opts -errorcode] "the failure is a system error"
assert {[lindex [dict get $opts -errorcode] 1] in {EPIPE ECONNRESET}} \
    "the error is a broken pipe or a connection reset"
observe error.write [string map [list $c CHAN] $msg]
compat assert_equal "error flushing \"$c\": broken pipe" $msg "the message of tclsh 8.6.13"
set got [read $a]
assert_same_bytes [string range $data 0 2999] $got "the peer got the 3000 bytes sent before the break"
catch {close $c}
close $a
