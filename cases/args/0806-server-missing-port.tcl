# ---
# id: 0806
# title: socket -server with a command but no port is an error that creates no server
# clauses: [args.synopsis.other-forms-rejected, args.wrong-count, args.failure-leaves-no-channel]
# readings: [extension-options:extensions-allowed]
# timeout: 5
# ---
set before [lsort [chan names]]
foreach line {
    {socket -server accept}
    {socket -server accept -myaddr 127.0.0.1}
} {
    set msg [assert_error -compat-code {TCL WRONGARGS} ?* $line]
    compat assert_match {wrong # args: should be "socket *"} $msg \
        "the usage message of tclsh 8.6.13: $line"
}
assert_equal $before [lsort [chan names]] "no server socket is created"
