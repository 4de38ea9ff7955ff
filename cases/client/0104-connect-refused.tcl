# ---
# id: 0104
# title: a blocking connect to a port with no listener fails with a POSIX ECONNREFUSED error
# clauses: [client.connect.refused-error]
# readings: [errno-texts:tcl-table, errno-texts:libc-strerror, errno-texts:any]
# requires: [ipv4]
# timeout: 10
# ---
set port [free_port 127.0.0.1]
set msg [assert_error -code {POSIX ECONNREFUSED *} \
    -compat-message {couldn't open socket: connection refused} \
    -compat-code {POSIX ECONNREFUSED {connection refused}} ?* {
    socket 127.0.0.1 $port
}]
observe error.refused $msg
