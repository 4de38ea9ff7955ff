# ---
# id: 0836
# title: an unknown option is reported before a wrong number of words, a bad port and a later option without its value
# clauses: [args.check-order, args.unknown-option, args.wrong-count, args.bad-port, args.missing-value, args.failure-leaves-no-channel]
# requires: [ipv4]
# timeout: 10
# readings: [arg-check-order:first-met, arg-check-order:options-first, arg-check-order:any-problem]
# ---
set p [free_port 127.0.0.1]
set before [lsort [chan names]]
foreach {line reported} {
    {socket -bogus}                          {bad option "-bogus"*}
    {socket -bogus $p}                       {bad option "-bogus"*}
    {socket -bogus 127.0.0.1 $p extra}       {bad option "-bogus"*}
    {socket -bogus 127.0.0.1 notaport}       {bad option "-bogus"*}
    {socket -bogus 127.0.0.1 65536}          {bad option "-bogus"*}
    {socket -server accept -bogus}           {bad option "-bogus"*}
    {socket -server accept -bogus notaport}  {bad option "-bogus"*}
    {socket -bogus -myaddr}                  {bad option "-bogus"*}
    {socket -bogus -server}                  {bad option "-bogus"*}
} {
    set msg [assert_error * $line]
    compat assert_match $reported $msg "the problem tclsh 8.6.13 meets first is reported: $line"
    observe "reported: $line" $msg
    assert_equal $before [lsort [chan names]] "no channel is created: $line"
}
