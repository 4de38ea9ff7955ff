# ---
# id: 0207
# title: -myport accepts a service name and binds the local end to the port the name maps to
# clauses: [client.myport.service-name]
# readings: [service-names:getservbyname]
# requires: [ipv4, service-names, root]
# timeout: 10
# ---
# discard is 9/tcp in every services file; binding it needs root.
set srv [socket -server {apply {{chan addr port} {
    set ::accepted [list $chan $port]
}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
if {[catch {socket -myaddr 127.0.0.1 -myport discard 127.0.0.1 $port} c opts]} {
    if {[string match {POSIX EADDRINUSE *} [dict get $opts -errorcode]]} {
        close $srv
        skip "local port 9 on 127.0.0.1 is busy: $c"
    }
    return -options $opts $c
}
lassign [wait_for ::accepted 5000] chan cport
assert_equal 9 [lindex [chan configure $c -sockname] 2] "-sockname shows the number, not the name"
assert_equal 9 $cport "the server's callback gets port 9"
close $c
close $chan
close $srv
