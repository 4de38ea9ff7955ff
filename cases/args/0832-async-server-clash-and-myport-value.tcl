# ---
# id: 0832
# title: a bad -myport value is reported when it comes before the second of -async and -server, the clash when it comes after
# clauses: [args.check-order, args.async-with-server, args.bad-port, args.failure-leaves-no-channel]
# requires: [ipv4]
# timeout: 10
# readings: [arg-check-order:first-met, arg-check-order:options-first, arg-check-order:any-problem]
# ---
set p [free_port 127.0.0.1]
set before [lsort [chan names]]
foreach {line reported} {
    {socket -myport x -async -server accept $p}            {expected integer but got "x"}
    {socket -async -myport x -server accept $p}            {expected integer but got "x"}
    {socket -async -server accept -myport x $p}            {cannot set -async option for server sockets}
    {socket -server accept -async -myport 65536 $p}        {cannot set -async option for server sockets}
    {socket -server accept -myport 65536 -async $p}        {*port number too high}
    {socket -myport 99999999999 -server accept -async $p}  {integer value too large*}
} {
    set msg [assert_error * $line]
    compat assert_match $reported $msg "the problem tclsh 8.6.13 meets first is reported: $line"
    observe "reported: $line" $msg
    assert_equal $before [lsort [chan names]] "no channel is created: $line"
}
