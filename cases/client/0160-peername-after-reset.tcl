# ---
# id: 0160
# title: after the peer resets the connection, -error reports the reset, -peername fails with POSIX ENOTCONN and the option listing leaves -peername out
# clauses: [option.error.connection-error, option.peername.no-peer-error, option.listing.no-peer, option.sockname.client-triple]
# readings: [errno-texts:tcl-table, errno-texts:libc-strerror, errno-texts:any, option-listing:without-error, option-listing:with-all]
# requires: [ipv4]
# timeout: 10
# includes: [round-trip.tcl]
# ---
# A server that closes a connection with unread data in its receive queue
# makes its kernel answer with a reset (RST) instead of a normal close. The
# client's socket then has no peer: -peername cannot answer, -sockname still
# can, and -error reports the reset (the manual: -error gives the socket's
# current error status). Nothing is read from the socket, so the error is
# still pending when -error is queried.
set srv [socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket 127.0.0.1 $port]
wait_for ::accepted
round_trip $c $::accepted
set local [chan configure $c -sockname]
puts -nonewline $c "never read by the server"
flush $c
# Wait until the data has reached the server's queue, then close unread.
chan configure $::accepted -blocking 0
wait_event $::accepted readable 5000
close $::accepted
wait_event $c readable 5000

set err [chan configure $c -error]
observe error.after-reset $err
assert {$err ne ""} "-error reports the reset of an established connection"
compat assert_equal {connection reset by peer} $err "-error's text on tclsh 8.6.13"

set msg [assert_error -code {POSIX ENOTCONN *} \
    -compat-message {can't get peername: socket is not connected} \
    -compat-code {POSIX ENOTCONN {socket is not connected}} \
    ?* {chan configure $c -peername}]
observe peername.after-reset $msg

set all [chan configure $c]
assert {![dict exists $all -peername]} "the listing leaves out -peername, which cannot be read"
assert_equal $local [dict get $all -sockname] "the listing still gives -sockname"
assert_equal $local [chan configure $c -sockname] "-sockname still answers"
close $c
close $srv
