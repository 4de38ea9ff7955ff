# ---
# id: 0426
# title: a -server argument that is a script of two commands, one with a bracketed word, is evaluated as a script at each connection
# clauses: [server.accept.command-prefix, server.accept.script-prefix, server.accept.callback-error]
# readings: [callback-form:prefix-list, callback-form:script-concat]
# requires: [ipv4]
# timeout: 10
# ---
# The manual calls the argument "properly a command prefix list". A script is not one: read as
# a list of words, "set ::before 1; accept" would call set with too many arguments, and the
# failure would reach the background error handler with the connection closed. Both are
# accepted (ambiguity callback-form); tclsh 8.6.13 evaluates the text as a script, with the
# three arguments appended as words, and substitutes the bracket again at each connection.
interp bgerror {} [list apply {{message opts} {lappend ::bgerrors $message}}]
proc accept {args} {
    lappend ::calls $args
}
set ::n 0
set srv [socket -server {set ::before 1; accept [incr ::n]} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set clients {}
foreach i {1 2} {
    lappend clients [socket 127.0.0.1 $port]
    wait_until {[info exists ::calls] && [llength $::calls] == $i || [info exists ::bgerrors]
        && [llength $::bgerrors] == $i} 5000
}
if {[info exists ::calls]} {
    assert_equal 2 [llength $::calls] "the script ran once per connection"
    lassign [lindex $::calls 0] n chan addr cport
    assert_equal 127.0.0.1 $addr "then the three arguments, appended as words"
    assert_equal [lindex [chan configure [lindex $clients 0] -sockname] 2] $cport "the client's port"
    assert_equal 1 $::before "the first command of the script ran too"
    set got [lmap call $::calls {lindex $call 0}]
    observe script-prefix [list script [llength [lindex $::calls 0]] $got]
} else {
    assert_equal 2 [llength $::bgerrors] "read as a list of words, each call fails as a background error"
    observe script-prefix [list list-of-words [lindex $::bgerrors 0]]
}
compat assert_equal {1 2} [expr {[info exists got] ? $got : "none"}] \
    "tclsh 8.6.13 evaluates the script and substitutes \[incr ::n\] at each connection"
foreach c $clients {close $c}
foreach c [chan names sock*] {if {$c ne $srv} {close $c}}
close $srv
