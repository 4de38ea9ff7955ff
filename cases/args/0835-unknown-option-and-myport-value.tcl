# ---
# id: 0835
# title: of an unknown option and a bad -myport value, the one that comes first is reported
# clauses: [args.check-order, args.unknown-option, args.bad-port, args.failure-leaves-no-channel]
# requires: [ipv4]
# timeout: 10
# readings: [arg-check-order:first-met, arg-check-order:options-first, arg-check-order:any-problem]
# ---
set p [free_port 127.0.0.1]
set before [lsort [chan names]]
foreach {line reported} {
    {socket -bogus -myport x 127.0.0.1 $p}            {bad option "-bogus"*}
    {socket -myport x -bogus 127.0.0.1 $p}            {expected integer but got "x"}
    {socket -bogus -myport 65536 127.0.0.1 $p}        {bad option "-bogus"*}
    {socket -myport 65536 -bogus 127.0.0.1 $p}        {*port number too high}
    {socket -myport 99999999999 -bogus 127.0.0.1 $p}  {integer value too large*}
    {socket -server accept -myport x -bogus $p}       {expected integer but got "x"}
    {socket -server accept -bogus -myport x $p}       {bad option "-bogus"*}
} {
    set msg [assert_error * $line]
    compat assert_match $reported $msg "the problem tclsh 8.6.13 meets first is reported: $line"
    observe "reported: $line" $msg
    assert_equal $before [lsort [chan names]] "no channel is created: $line"
}
