# ---
# id: 0845
# title: an option's value is taken as it is even when it starts with -, so the problem reported is the one that follows it
# clauses: [args.check-order, args.async-with-server, args.unknown-option, args.bad-port, args.failure-leaves-no-channel]
# requires: [ipv4]
# timeout: 10
# readings: [arg-check-order:first-met, arg-check-order:options-first, arg-check-order:any-problem]
# ---
set p [free_port 127.0.0.1]
set before [lsort [chan names]]
foreach {line reported} {
    {socket -myport -async 127.0.0.1 $p}        {expected integer but got "-async"}
    {socket -myport -server -server accept $p}  {expected integer but got "-server"}
    {socket -server -async -async $p}           {cannot set -async option for server sockets}
    {socket -server -bogus -bogus $p}           {bad option "-bogus"*}
    {socket -server -myport -myport x $p}       {expected integer but got "x"}
} {
    set msg [assert_error * $line]
    compat assert_match $reported $msg "the problem tclsh 8.6.13 meets first is reported: $line"
    observe "reported: $line" $msg
    assert_equal $before [lsort [chan names]] "no channel is created: $line"
}
