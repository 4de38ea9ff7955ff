# ---
# id: 0846
# title: port 65535, the top of the range, is a port that a server listens on and a client connects to
# clauses: [args.port.invalid-rejected]
# requires: [ipv4]
# timeout: 10
# ---
# Ports run from 0 to 65535: only a number above 65535 is "too high". An
# implementation that compares with >= (or counts ports from 1) rejects the
# top port itself. Where another program already listens on 127.0.0.1:65535
# (the host profile shares the host's loopback), the server fails, but only as
# a port in use, and the client then connects to that program.
set srv ""
if {[catch {socket -server {apply {{chan addr port} {set ::accepted $chan}}} \
        -myaddr 127.0.0.1 65535} result opts]} {
    assert_match {POSIX EADDRINUSE *} [dict get $opts -errorcode] \
        "a server on 65535 fails only because the port is in use ($result)"
} else {
    set srv $result
    assert_equal 65535 [lindex [chan configure $srv -sockname] 2] "the server listens on port 65535"
}
set c [socket 127.0.0.1 65535]
assert_equal 65535 [lindex [chan configure $c -peername] 2] "the client is connected to port 65535"
if {$srv ne ""} {
    wait_for ::accepted 5000
    close $::accepted
    close $srv
}
close $c
