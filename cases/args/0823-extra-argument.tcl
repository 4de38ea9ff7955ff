# ---
# id: 0823
# title: a word after the port is a wrong-number-of-arguments error for clients and servers
# clauses: [args.wrong-count]
# requires: [ipv4]
# timeout: 5
# ---
set srv [socket -server {apply {{chan addr port} {lappend ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set before [lsort [chan names]]
assert_error -code {TCL WRONGARGS} {wrong # args: should be "socket *"} {socket 127.0.0.1 $port extra}
assert_error -code {TCL WRONGARGS} {wrong # args: should be "socket *"} \
    {socket -server accept -myaddr 127.0.0.1 0 extra}
assert_equal $before [lsort [chan names]] "no channel is created"
update
assert {![info exists ::accepted]} "no connection reaches the server"
close $srv
