# ---
# id: 0413
# title: writing to a server channel fails, and the server still accepts afterwards
# clauses: [server.channel.no-io]
# requires: [ipv4]
# timeout: 10
# ---
set srv [socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]

# The error may come from puts or, for a buffering implementation, from flush.
set msg [assert_error {*} {
    puts $srv "data for nobody"
    flush $srv
}]
observe error.server-puts [string map [list $srv CHAN] $msg]
observe errorcode.server-puts $::errorCode

set c [socket 127.0.0.1 $port]
wait_for ::accepted 5000
assert {$::accepted ne $srv} "the failed write did not disturb accepting"
close $c
close $::accepted
catch {close $srv}
