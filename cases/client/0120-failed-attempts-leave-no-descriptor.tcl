# ---
# id: 0120
# title: connects whose first address refuses leave no descriptor open once their channels are closed, blocking and -async
# clauses: [client.connect.several-addresses, client.async.next-address]
# readings: [address-order:resolver-order, address-order:file-order]
# requires: [names]
# params: [name-v6-first]
# timeout: 20
# ---
# Each connect to the name tries ::1 (refused) before 127.0.0.1, so it opens
# two sockets and keeps one. The names profile is a Linux network namespace,
# so this process's open descriptors can be counted in /proc/self/fd. One
# warm-up round first: the interpreter may open descriptors of its own the
# first time (the notifier), which are not leaks.
set name [param name-v6-first]
set srv [socket -server {apply {{chan addr port} {close $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
proc descriptors {} {
    llength [glob -nocomplain -directory /proc/self/fd *]
}
proc round {name port} {
    set c [socket $name $port]
    close $c
    set c [socket -async $name $port]
    wait_event $c writable 5000
    assert_equal "" [chan configure $c -error] "the -async connect succeeded"
    close $c
    # Let the server take and close both connections.
    after 50 {set ::tick 1}
    vwait ::tick
}
round $name $port
set before [descriptors]
for {set i 0} {$i < 10} {incr i} {
    round $name $port
}
set after [descriptors]
measure descriptors.before.count $before
assert_equal $before $after "ten rounds of connects that fall back to 127.0.0.1 leave no descriptor open"
close $srv
