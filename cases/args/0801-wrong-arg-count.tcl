# ---
# id: 0801
# title: socket with no arguments, or with a host and no port, is an error that creates no channel
# clauses: [args.synopsis.other-forms-rejected, args.wrong-count, args.failure-leaves-no-channel]
# readings: [extension-options:extensions-allowed]
# timeout: 5
# ---
# The synopsis needs a host and a port (or -server, a command and a port), so
# both calls must fail. The usage message and its -errorcode are tclsh 8.6.13's
# choice (Tcl 9.0 lists its own options in it): compatibility only, observed.
set before [lsort [chan names]]
set msg [assert_error -compat-code {TCL WRONGARGS} -compat-message \
    {wrong # args: should be "socket ?-myaddr addr? ?-myport myport? ?-async? host port" or "socket -server command ?-myaddr addr? port"} \
    ?* {socket}]
observe error.usage $msg
set msg [assert_error -compat-code {TCL WRONGARGS} ?* {socket 127.0.0.1}]
compat assert_match {wrong # args: *} $msg "the usage message of tclsh 8.6.13"
assert_equal $before [lsort [chan names]] "no channel is created"
