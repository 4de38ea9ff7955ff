# ---
# id: 0408
# title: a command prefix with a nested-list word and an empty word keeps both words intact
# clauses: [server.accept.command-prefix, server.accept.callback-args]
# requires: [ipv4]
# timeout: 10
# ---
proc accept {args} {
    set ::accepted $args
}
set srv [socket -server [list accept {a {b c} d} {}] -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket 127.0.0.1 $port]
set got [wait_for ::accepted 5000]
assert_equal 5 [llength $got] "two prefix words and three appended arguments"
lassign $got first second chan addr cport
assert_equal {a {b c} d} $first "a word that is itself a list arrives as one argument"
assert_equal {} $second "an empty word arrives as an empty argument"
assert {$chan in [chan names]} "then the new channel"
assert_equal 127.0.0.1 $addr "then the client's address"
assert_equal [lindex [chan configure $c -sockname] 2] $cport "then the client's port"
close $c
close $chan
close $srv
