# ---
# id: 0993
# title: where SO_REUSEADDR lets sockets share a port in use (Windows), a second server on the port of a live server still fails with EADDRINUSE, and the first gets every connection
# clauses: [server.listen.busy-port-error, args.errorcode-posix, server.accept.automatic]
# readings: [errno-texts:tcl-table, errno-texts:libc-strerror, errno-texts:any]
# requires: [windows-personality, ipv4]
# timeout: 10
# ---
# On POSIX systems SO_REUSEADDR lets a server bind a port whose old
# connections linger in TIME_WAIT, never one that a listening socket holds,
# so servers set it. Winsock's SO_REUSEADDR lets every socket that sets it
# bind the same port, listening ones too, and spreads the connections among
# them ("Using SO_REUSEADDR and SO_EXCLUSIVEADDRUSE"); the windows profile
# emulates that. An implementation that sets it there lets a second server
# take over the port. The second server must fail as on any other system,
# and the first must receive the connections.
set srv [socket -server {apply {{chan addr port} {lappend ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set rc [catch {socket -server {apply {{chan addr port} {lappend ::stolen $chan}}} -myaddr 127.0.0.1 $port} msg opts]
observe second-server [expr {$rc ? [lrange [dict get $opts -errorcode] 0 1] : "created"}]
if {!$rc} {
    set second $msg
}
set clients {}
for {set i 0} {$i < 8} {incr i} {
    lappend clients [socket 127.0.0.1 $port]
}
wait_until {[llength [concat {*}[lmap v {::accepted ::stolen} {expr {[info exists $v] ? [set $v] : {}}}]]] == 8} 5000
set taken [expr {[info exists ::stolen] ? [llength $::stolen] : 0}]
measure connections-taken-by-second $taken
assert_equal 1 $rc "a second server on the port of a live one fails"
assert_match {POSIX EADDRINUSE *} [dict get $opts -errorcode] "with EADDRINUSE"
assert_equal 0 $taken "no connection goes to another socket"
foreach chan [concat $clients [expr {[info exists ::accepted] ? $::accepted : {}}] \
        [expr {[info exists ::stolen] ? $::stolen : {}}]] {
    close $chan
}
if {[info exists second]} {
    close $second
}
close $srv
