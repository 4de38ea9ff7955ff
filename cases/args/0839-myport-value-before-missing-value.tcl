# ---
# id: 0839
# title: a bad -myport value is reported before a later option that lacks its value
# clauses: [args.check-order, args.bad-port, args.missing-value, args.failure-leaves-no-channel]
# requires: [ipv4]
# timeout: 10
# readings: [arg-check-order:first-met, arg-check-order:options-first, arg-check-order:any-problem]
# ---
set mp [free_port 127.0.0.1]
set before [lsort [chan names]]
foreach {line reported} {
    {socket -myport x -myaddr}            {expected integer but got "x"}
    {socket -myport 65536 -server}        {*port number too high}
    {socket -myport 99999999999 -myport}  {integer value too large*}
    {socket -myport $mp -myaddr}          {no argument given for -myaddr option}
} {
    set msg [assert_error * $line]
    compat assert_match $reported $msg "the problem tclsh 8.6.13 meets first is reported: $line"
    observe "reported: $line" $msg
    assert_equal $before [lsort [chan names]] "no channel is created: $line"
}
