# ---
# id: 0977
# title: a blocking write to a connection the peer resets after 2000 bytes (ECONNRESET) fails with a POSIX error, and so does every later write
# clauses: [channel.write.peer-closed, args.errorcode-posix]
# readings: [errno-texts:tcl-table, errno-texts:libc-strerror, errno-texts:any]
# requires: [fault-shim, ipv4]
# profiles: [dual]
# faults: [output/accepted:ECONNRESET:bytes=2000]
# includes: [faults.tcl]
# timeout: 20
# ---
# The accepted side writes; after 2000 bytes its send fails with ECONNRESET,
# the peer having reset the connection, and the connection stays broken
# (later sends fail with EPIPE). Neither write may pass as done.
lassign [connected_pair] c a
set data [pattern 30000]
foreach attempt {first second} {
    set rc [catch {
        puts -nonewline $a $data
        flush $a
    } msg opts]
    assert_equal 1 $rc "the $attempt write to the reset connection fails"
    assert {[lindex [dict get $opts -errorcode] 1] in {EPIPE ECONNRESET}} \
        "the $attempt error is a reset or a broken pipe"
    observe error.$attempt [lrange [dict get $opts -errorcode] 0 1]
}
catch {close $a}
close $c
