# ---
# id: 0827
# title: a refused synchronous connect leaves no channel behind
# clauses: [args.failure-leaves-no-channel, client.connect.refused-error]
# readings: [errno-texts:tcl-table, errno-texts:libc-strerror, errno-texts:any]
# requires: [ipv4]
# timeout: 5
# ---
set port [free_port 127.0.0.1]
set before [lsort [chan names]]
for {set i 0} {$i < 3} {incr i} {
    assert_error -code {POSIX ECONNREFUSED *} \
        -compat-message {couldn't open socket: connection refused} \
        -compat-code {POSIX ECONNREFUSED {connection refused}} ?* {
        socket 127.0.0.1 $port
    }
}
assert_equal $before [lsort [chan names]] "no half-made channel is registered after a failed connect"
