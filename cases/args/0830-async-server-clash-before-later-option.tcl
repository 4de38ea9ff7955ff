# ---
# id: 0830
# title: -async and -server clash as soon as the second of them is read, so an unknown option after both is not reported and one before them is
# clauses: [args.check-order, args.async-with-server, args.unknown-option, args.failure-leaves-no-channel]
# requires: [ipv4]
# timeout: 10
# readings: [arg-check-order:first-met, arg-check-order:options-first, arg-check-order:any-problem]
# ---
set p [free_port 127.0.0.1]
set before [lsort [chan names]]
foreach {line reported} {
    {socket -async -server accept -bogus $p}  {cannot set -async option for server sockets}
    {socket -server accept -async -bogus $p}  {cannot set -async option for server sockets}
    {socket -async -bogus -server accept $p}  {bad option "-bogus"*}
    {socket -server accept -bogus -async $p}  {bad option "-bogus"*}
    {socket -bogus -async -server accept $p}  {bad option "-bogus"*}
    {socket -bogus -server accept -async $p}  {bad option "-bogus"*}
} {
    set msg [assert_error * $line]
    compat assert_match $reported $msg "the problem tclsh 8.6.13 meets first is reported: $line"
    observe "reported: $line" $msg
    assert_equal $before [lsort [chan names]] "no channel is created: $line"
}
