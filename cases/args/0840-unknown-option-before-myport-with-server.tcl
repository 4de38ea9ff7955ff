# ---
# id: 0840
# title: an unknown option anywhere among the options is reported before -myport with -server
# clauses: [args.check-order, args.unknown-option, args.myport-with-server, args.failure-leaves-no-channel]
# requires: [ipv4]
# timeout: 10
# readings: [arg-check-order:first-met, arg-check-order:options-first, arg-check-order:any-problem]
# ---
set p [free_port 127.0.0.1]
set mp [free_port 127.0.0.1]
set before [lsort [chan names]]
foreach {line reported} {
    {socket -server accept -myport $mp -bogus $p}  {bad option "-bogus"*}
    {socket -myport $mp -server accept -bogus $p}  {bad option "-bogus"*}
    {socket -myport $mp -bogus -server accept $p}  {bad option "-bogus"*}
    {socket -bogus -myport $mp -server accept $p}  {bad option "-bogus"*}
} {
    set msg [assert_error * $line]
    compat assert_match $reported $msg "the problem tclsh 8.6.13 meets first is reported: $line"
    observe "reported: $line" $msg
    assert_equal $before [lsort [chan names]] "no channel is created: $line"
}
