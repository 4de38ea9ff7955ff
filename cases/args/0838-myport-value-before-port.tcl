# ---
# id: 0838
# title: a bad -myport value is reported before a bad port
# clauses: [args.check-order, args.bad-port, args.failure-leaves-no-channel]
# requires: [ipv4]
# timeout: 10
# readings: [arg-check-order:first-met, arg-check-order:options-first, arg-check-order:any-problem]
# ---
set p [free_port 127.0.0.1]
set before [lsort [chan names]]
foreach {line reported} {
    {socket -myport x 127.0.0.1 notaport}              {expected integer but got "x"}
    {socket -myport x 127.0.0.1 65536}                 {expected integer but got "x"}
    {socket -myport 65536 127.0.0.1 notaport}          {*port number too high}
    {socket -server accept -myport x notaport}         {expected integer but got "x"}
    {socket -server accept -myport 99999999999 65536}  {integer value too large*}
} {
    set msg [assert_error * $line]
    compat assert_match $reported $msg "the problem tclsh 8.6.13 meets first is reported: $line"
    observe "reported: $line" $msg
    assert_equal $before [lsort [chan names]] "no channel is created: $line"
}
