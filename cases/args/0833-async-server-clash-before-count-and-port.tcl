# ---
# id: 0833
# title: -async with -server is reported before a wrong number of words and before a bad port
# clauses: [args.check-order, args.async-with-server, args.wrong-count, args.bad-port, args.failure-leaves-no-channel]
# requires: [ipv4]
# timeout: 10
# readings: [arg-check-order:first-met, arg-check-order:options-first, arg-check-order:any-problem]
# ---
set p [free_port 127.0.0.1]
set before [lsort [chan names]]
foreach {line reported} {
    {socket -async -server accept}               {cannot set -async option for server sockets}
    {socket -server accept -async}               {cannot set -async option for server sockets}
    {socket -server accept -async $p extra}      {cannot set -async option for server sockets}
    {socket -async -server accept 127.0.0.1 $p}  {cannot set -async option for server sockets}
    {socket -async -server accept notaport}      {cannot set -async option for server sockets}
    {socket -server accept -async 65536}         {cannot set -async option for server sockets}
} {
    set msg [assert_error * $line]
    compat assert_match $reported $msg "the problem tclsh 8.6.13 meets first is reported: $line"
    observe "reported: $line" $msg
    assert_equal $before [lsort [chan names]] "no channel is created: $line"
}
