# ---
# id: 0841
# title: an option without its value is reported before -myport with -server
# clauses: [args.check-order, args.missing-value, args.myport-with-server, args.failure-leaves-no-channel]
# requires: [ipv4]
# timeout: 10
# readings: [arg-check-order:first-met, arg-check-order:options-first, arg-check-order:any-problem]
# ---
set mp [free_port 127.0.0.1]
set before [lsort [chan names]]
foreach {line reported} {
    {socket -server accept -myport $mp -myaddr}  {no argument given for -myaddr option}
    {socket -myport $mp -server accept -myport}  {no argument given for -myport option}
    {socket -myport $mp -server}                 {no argument given for -server option}
} {
    set msg [assert_error * $line]
    compat assert_match $reported $msg "the problem tclsh 8.6.13 meets first is reported: $line"
    observe "reported: $line" $msg
    assert_equal $before [lsort [chan names]] "no channel is created: $line"
}
