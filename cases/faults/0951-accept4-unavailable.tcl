# ---
# id: 0951
# title: where accept4() is missing (ENOSYS) or rejects its flags (EINVAL), a server still accepts blocking connections that child processes do not inherit
# clauses: [server.accept.automatic, server.accept.new-channel, server.accepted.read-write, description.channel.not-inherited]
# requires: [fault-shim]
# timeout: 15
# includes: [faults.tcl, round-trip.tcl]
# ---
# Older kernels and C libraries have no accept4(), or a kernel rejects its
# flags with EINVAL. The fault shim (harness/native/fault.c, preloaded in every namespace profile: capability fault-shim) makes accept4() fail
# that way; plain accept() works. An implementation may use accept4() where
# it works, but must then accept all the same. localhost is the profile's one
# loopback address (127.0.0.1 or ::1).
proc accept {chan addr port} {
    set ::accepted $chan
}
set srv [socket -server accept -myaddr localhost 0]
set port [lindex [chan configure $srv -sockname] 2]
foreach errno {ENOSYS EINVAL} {
    unset -nocomplain ::accepted
    with_fault accept4:$errno {
        set c [socket localhost $port]
        wait_for ::accepted 5000
    }
    assert_equal 1 [chan configure $::accepted -blocking] "the accepted channel is blocking ($errno)"
    round_trip $c $::accepted
    puts $c "sent with accept4 failing with $errno"
    flush $c
    assert_equal "sent with accept4 failing with $errno" [gets $::accepted] \
        "the accepted connection carries data ($errno)"
    puts $::accepted "answer"
    flush $::accepted
    assert_equal answer [gets $c] "the accepted connection answers ($errno)"
    set inherited [child_sockets]
    close $c
    close $::accepted
    assert_equal {} $inherited "a child process inherits none of the sockets ($errno)"
}
close $srv
