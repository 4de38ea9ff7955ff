# ---
# id: 0842
# title: -myport with -server is reported before a wrong number of words and before a bad port
# clauses: [args.check-order, args.myport-with-server, args.wrong-count, args.bad-port, args.failure-leaves-no-channel]
# requires: [ipv4]
# timeout: 10
# readings: [arg-check-order:first-met, arg-check-order:options-first, arg-check-order:any-problem]
# ---
set p [free_port 127.0.0.1]
set mp [free_port 127.0.0.1]
set before [lsort [chan names]]
foreach {line reported} {
    {socket -server accept -myport $mp}               {option -myport is not valid for servers}
    {socket -myport $mp -server accept}               {option -myport is not valid for servers}
    {socket -server accept -myport $mp 127.0.0.1 $p}  {option -myport is not valid for servers}
    {socket -server accept -myport $mp notaport}      {option -myport is not valid for servers}
    {socket -myport $mp -server accept 65536}         {option -myport is not valid for servers}
} {
    set msg [assert_error * $line]
    compat assert_match $reported $msg "the problem tclsh 8.6.13 meets first is reported: $line"
    observe "reported: $line" $msg
    assert_equal $before [lsort [chan names]] "no channel is created: $line"
}
