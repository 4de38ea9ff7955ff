# ---
# id: 0619
# title: -peername on a server socket, with one listener or several, fails as tclsh 8.6.13 fails it with ENOTCONN
# clauses: [option.peername.server-unsupported, args.errorcode-posix]
# readings: [server-unsupported:error, server-unsupported:empty-or-neutral, server-unsupported:unknown-option, errno-texts:tcl-table, errno-texts:libc-strerror, errno-texts:any]
# requires: [ipv4]
# timeout: 5
# ---
# A server has no peer: an error or an empty value conforms (case 0605, ambiguity
# server-unsupported). tclsh 8.6.13 raises "can't get peername: socket is not connected",
# -errorcode POSIX ENOTCONN, for the full name and its abbreviation alike, and for a server on
# the wildcard address of each family (spec/observations/server-io.tcl SI12-SI14).
set one [socket -server {apply {{chan addr port} {close $chan}}} -myaddr 127.0.0.1 0]
set all [socket -server {apply {{chan addr port} {close $chan}}} 0]
foreach {what srv opt} [list one $one -peername abbreviated $one -peer wildcard $all -peername] {
    set rc [catch {chan configure $srv $opt} value opts]
    if {$rc} {
        assert {$value ne ""} "$what: the error says why"
        set code [dict get $opts -errorcode]
    } else {
        assert_equal "" $value "$what: a server has no peer: -peername is empty if it does not fail"
        set code ""
    }
    compat assert_equal [list 1 {can't get peername: socket is not connected} {POSIX ENOTCONN {socket is not connected}}] \
        [list $rc $value $code] "$what: -peername on a server fails as in tclsh 8.6.13"
    observe server.peername.$what [list $rc $value $code]
}
close $one
close $all
