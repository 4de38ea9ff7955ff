# ---
# id: 0843
# title: a wrong number of words is reported before a bad port
# clauses: [args.check-order, args.wrong-count, args.bad-port, args.failure-leaves-no-channel]
# timeout: 10
# readings: [arg-check-order:first-met, arg-check-order:options-first, arg-check-order:any-problem]
# ---
set before [lsort [chan names]]
foreach {line reported} {
    {socket notaport}                           {wrong # args*}
    {socket 127.0.0.1 notaport extra}           {wrong # args*}
    {socket 127.0.0.1 65536 extra}              {wrong # args*}
    {socket -server accept 127.0.0.1 notaport}  {wrong # args*}
    {socket -server accept notaport extra}      {wrong # args*}
    {socket -server accept}                     {wrong # args*}
} {
    set msg [assert_error * $line]
    compat assert_match $reported $msg "the problem tclsh 8.6.13 meets first is reported: $line"
    observe "reported: $line" $msg
    assert_equal $before [lsort [chan names]] "no channel is created: $line"
}
