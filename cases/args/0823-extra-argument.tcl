# ---
# id: 0823
# title: a word after the port is an error for clients and servers, and nothing connects or listens
# clauses: [args.synopsis.other-forms-rejected, args.wrong-count, args.failure-leaves-no-channel]
# readings: [extension-options:extensions-allowed]
# requires: [ipv4]
# timeout: 5
# ---
set srv [socket -server {apply {{chan addr port} {lappend ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set before [lsort [chan names]]
foreach line [list \
        [list socket 127.0.0.1 $port extra] \
        [list socket -server accept -myaddr 127.0.0.1 0 extra]] {
    set msg [assert_error -compat-code {TCL WRONGARGS} ?* $line]
    compat assert_match {wrong # args: should be "socket *"} $msg "the usage message of tclsh 8.6.13"
}
assert_equal $before [lsort [chan names]] "no channel is created"
update
assert {![info exists ::accepted]} "no connection reaches the server"
close $srv
