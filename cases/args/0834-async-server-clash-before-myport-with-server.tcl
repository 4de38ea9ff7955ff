# ---
# id: 0834
# title: -async with -server is reported before -myport with -server, in every order of the three options
# clauses: [args.check-order, args.async-with-server, args.myport-with-server, args.failure-leaves-no-channel]
# requires: [ipv4]
# timeout: 10
# readings: [arg-check-order:first-met, arg-check-order:options-first, arg-check-order:any-problem]
# ---
set p [free_port 127.0.0.1]
set mp [free_port 127.0.0.1]
set before [lsort [chan names]]
foreach {line reported} {
    {socket -async -myport $mp -server accept $p}  {cannot set -async option for server sockets}
    {socket -myport $mp -async -server accept $p}  {cannot set -async option for server sockets}
    {socket -myport $mp -server accept -async $p}  {cannot set -async option for server sockets}
    {socket -server accept -myport $mp -async $p}  {cannot set -async option for server sockets}
    {socket -async -server accept -myport $mp $p}  {cannot set -async option for server sockets}
    {socket -server accept -myport $mp $p}         {option -myport is not valid for servers}
} {
    set msg [assert_error * $line]
    compat assert_match $reported $msg "the problem tclsh 8.6.13 meets first is reported: $line"
    observe "reported: $line" $msg
    assert_equal $before [lsort [chan names]] "no channel is created: $line"
}
