# ---
# id: 0153
# title: a blocking connect to a two-address name where neither address listens fails with connection refused
# clauses: [client.connect.several-addresses, client.connect.refused-error]
# requires: [names]
# params: [name-v6-first]
# timeout: 10
# ---
set name [param name-v6-first]
# A port free on both addresses: a port-0 server on both, closed again.
set srv [socket -server {apply {args {}}} -myaddr $name 0]
set port [lindex [chan configure $srv -sockname] 2]
close $srv
set before [lsort [chan names]]
set msg [assert_error -code {POSIX ECONNREFUSED *} \
    -compat-message {couldn't open socket: connection refused} \
    -compat-code {POSIX ECONNREFUSED {connection refused}} ?* {
    socket $name $port
}]
assert_equal $before [lsort [chan names]] "no channel is left behind"
