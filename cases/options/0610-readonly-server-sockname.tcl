# ---
# id: 0610
# title: -sockname of a server cannot be set
# clauses: [option.readonly]
# requires: [ipv4]
# timeout: 5
# ---
set srv [socket -server {apply {{chan addr port} {close $chan}}} -myaddr 127.0.0.1 0]
set before [chan configure $srv -sockname]
set msg [assert_error -compat-code NONE \
    -compat-message {bad option "-sockname": should be one of -blocking, -buffering, -buffersize, -encoding, -eofchar, or -translation} \
    ?* {chan configure $srv -sockname {127.0.0.1 localhost 1}}]
observe readonly.server-sockname $msg
assert_equal $before [chan configure $srv -sockname] "-sockname is unchanged by the attempt"
close $srv
