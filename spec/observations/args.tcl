# args.tcl -- argument checking and error reporting (clauses args.*).
source [file join [file dirname [info script]] lib.tcl]
proc none args {}
set n 0
foreach script {
    {socket}
    {socket localhost}
    {socket a b c}
    {socket -server}
    {socket -server none}
    {socket -server none 0 extra}
    {socket -bogus localhost 80}
    {socket -server none -bogus 0}
    {socket -server none -async 0}
    {socket -async -server none 0}
    {socket -server none -myport 5000 0}
    {socket -myaddr}
    {socket -myport}
    {socket -myport x 127.0.0.1 80}
    {socket 127.0.0.1 notaport}
    {socket 127.0.0.1 65536}
    {socket 127.0.0.1 -1}
    {socket 127.0.0.1 99999999999}
    {socket -server none notaport}
    {socket -server none 65536}
    {socket -server none -1}
    {socket no-such-name.invalid 80}
    {socket -async no-such-name.invalid 80}
    {socket -myaddr no-such-name.invalid 127.0.0.1 80}
    {socket -server none -myaddr no-such-name.invalid 0}
    {socket 127.0.0.1 [freeport]}
} {
    set r [show ARG[incr n] $script]
    if {[string match sock* $r]} { close $r }
}
