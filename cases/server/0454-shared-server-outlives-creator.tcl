# ---
# id: 0454
# title: a server shared into another interpreter outlives the deletion of the interpreter that made it, and closes what arrives then
# clauses: [server.shared.creator-deleted]
# requires: [ipv4]
# timeout: 10
# ---
# The server is made in a child interpreter with the implementation under
# test (the target's setup script, ::sockconf::setup, sourced there too),
# shared into this one, and the child deleted: the callback's interpreter is
# gone while the server lives on.
interp create child
if {$::sockconf::setup ne ""} {
    child eval [list source $::sockconf::setup]
}
set srv [child eval {
    socket -server {apply {{chan addr port} {puts $chan hello; close $chan}}} -myaddr 127.0.0.1 0
}]
interp share child $srv {}
set port [lindex [chan configure $srv -sockname] 2]
interp delete child
assert {$srv in [chan names]} "the shared server is still a channel of this interpreter"

set c [socket 127.0.0.1 $port]
chan configure $c -blocking 0
set got timeout
set deadline [expr {[clock milliseconds] + 3000}]
while {[clock milliseconds] < $deadline} {
    update
    # A transport with a handshake (TLS) may see the closed connection as a
    # failed read rather than end of file: recorded, not an error of the case.
    if {[catch {gets $c} line]} {
        set got "error: $line"
        break
    }
    if {[eof $c]} {
        set got eof
        break
    }
    if {$line ne ""} {
        set got "line: $line"
        break
    }
    after 10
}
observe shared-server.arrival $got
compat assert_equal eof $got "a connection arriving with no callback interpreter left is closed"
close $c
assert_equal 0 [catch {close $srv} msg] "the shared server closes in the surviving interpreter ($msg)"
assert {$srv ni [chan names]} "the server is gone once closed"
