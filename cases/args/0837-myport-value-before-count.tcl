# ---
# id: 0837
# title: a bad -myport value is reported before a missing host or an extra word
# clauses: [args.check-order, args.bad-port, args.wrong-count, args.failure-leaves-no-channel]
# requires: [ipv4]
# timeout: 10
# readings: [arg-check-order:first-met, arg-check-order:options-first, arg-check-order:any-problem]
# ---
set p [free_port 127.0.0.1]
set before [lsort [chan names]]
foreach {line reported} {
    {socket -myport x}                               {expected integer but got "x"}
    {socket -myport x $p}                            {expected integer but got "x"}
    {socket -myport 65536 $p}                        {*port number too high}
    {socket -myport x 127.0.0.1 $p extra}            {expected integer but got "x"}
    {socket -myport 65536 127.0.0.1 $p extra}        {*port number too high}
    {socket -myport 99999999999 127.0.0.1 $p extra}  {integer value too large*}
} {
    set msg [assert_error * $line]
    compat assert_match $reported $msg "the problem tclsh 8.6.13 meets first is reported: $line"
    observe "reported: $line" $msg
    assert_equal $before [lsort [chan names]] "no channel is created: $line"
}
