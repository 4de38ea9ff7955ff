# ---
# id: 0844
# title: a bad port, a bad -myport value or a wrong number of words is reported before a host or -myaddr name that cannot be resolved
# clauses: [args.check-order, args.bad-port, args.wrong-count, args.unresolvable-host, args.failure-leaves-no-channel]
# requires: [ipv4, hermetic-resolver]
# timeout: 10
# readings: [arg-check-order:first-met, arg-check-order:options-first, arg-check-order:any-problem]
# ---
# Names under .invalid never resolve; hermetic-resolver keeps the look-up off DNS.
# Tcl 9.0 words a server's port above 65535 "invalid port number", hence *port number*.
set name no-such-host.sockconf.invalid
set p [free_port 127.0.0.1]
set before [lsort [chan names]]
foreach {line reported} {
    {socket $name notaport}                        {expected integer but got "notaport"}
    {socket $name 65536}                           {*port number*}
    {socket -myaddr $name 127.0.0.1 notaport}      {expected integer but got "notaport"}
    {socket -myaddr $name -myport x 127.0.0.1 $p}  {expected integer but got "x"}
    {socket -myaddr $name 127.0.0.1 $p extra}      {wrong # args*}
    {socket -server accept -myaddr $name 65536}    {*port number*}
} {
    set msg [assert_error * $line]
    compat assert_match $reported $msg "the problem tclsh 8.6.13 meets first is reported: $line"
    observe "reported: $line" $msg
    assert_equal $before [lsort [chan names]] "no channel is created: $line"
}
