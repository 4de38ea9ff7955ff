# ---
# id: 0605
# title: -peername on a server socket is an error or empty, never an address triple
# clauses: [option.peername.server-unsupported]
# readings: [server-unsupported:error, server-unsupported:empty-or-neutral, server-unsupported:unknown-option, errno-texts:tcl-table, errno-texts:libc-strerror, errno-texts:any]
# requires: [ipv4]
# timeout: 5
# ---
# A server has no peer. tclsh8.6 raises "can't get peername: socket is not
# connected" (POSIX ENOTCONN); ambiguities.yaml also accepts an empty value.
set srv [socket -server {apply {{chan addr port} {close $chan}}} -myaddr 127.0.0.1 0]
if {[catch {chan configure $srv -peername} value opts]} {
    assert {$value ne ""} "the error says why"
    observe server.peername [list error $value [dict get $opts -errorcode]]
} else {
    assert_equal "" $value "a server has no peer: -peername is empty if it does not fail"
    observe server.peername [list value $value]
}
close $srv
