# ---
# id: 0831
# title: -async followed by a -server that lacks its value reports the clash of -async and -server, not the missing value
# clauses: [args.check-order, args.async-with-server, args.missing-value, args.failure-leaves-no-channel]
# requires: [ipv4]
# timeout: 10
# readings: [arg-check-order:first-met, arg-check-order:options-first, arg-check-order:any-problem]
# ---
set mp [free_port 127.0.0.1]
set before [lsort [chan names]]
foreach {line reported} {
    {socket -async -server}                    {cannot set -async option for server sockets}
    {socket -async -myport $mp -server}        {cannot set -async option for server sockets}
    {socket -async -myaddr 127.0.0.1 -server}  {cannot set -async option for server sockets}
    {socket -myaddr 127.0.0.1 -server}         {no argument given for -server option}
    {socket -server accept -async -myaddr}     {cannot set -async option for server sockets}
    {socket -server accept -async -myport}     {cannot set -async option for server sockets}
    {socket -server accept -myaddr}            {no argument given for -myaddr option}
} {
    set msg [assert_error * $line]
    compat assert_match $reported $msg "the problem tclsh 8.6.13 meets first is reported: $line"
    observe "reported: $line" $msg
    assert_equal $before [lsort [chan names]] "no channel is created: $line"
}
