# ---
# id: 0121
# title: connects that fail - refused, unbindable -myaddr or -myport, no local address of the family, unresolvable, bad port - leave no descriptor open
# clauses: [client.connect.failure-releases-descriptors, args.failure-leaves-no-channel, client.connect.several-addresses]
# requires: [names]
# params: [name-v6-first, name-unresolvable]
# timeout: 20
# ---
# Each failing form runs five times; the process's open descriptors (/proc/self/fd: the names
# profile is a Linux network namespace) must be as many afterwards as before. One warm-up
# round first: the interpreter may open descriptors of its own the first time (the notifier),
# which are not leaks. 192.0.2.1 (TEST-NET-1) is no address of the namespace: binding it
# fails before anything is sent.
set name [param name-v6-first]
set nowhere [param name-unresolvable]
set srv [socket -server {apply {{chan addr port} {close $chan}}} -myaddr 127.0.0.1 0]
set live [lindex [chan configure $srv -sockname] 2]
set dead [free_port 127.0.0.1]
set dead2 [free_port $name]
proc descriptors {} {
    llength [glob -nocomplain -directory /proc/self/fd *]
}
set forms [list \
    refused [list socket 127.0.0.1 $dead] \
    refused-v6 [list socket ::1 $dead2] \
    name-all-refused [list socket $name $dead2] \
    myaddr-not-local [list socket -myaddr 192.0.2.1 127.0.0.1 $live] \
    myport-in-use [list socket -myaddr 127.0.0.1 -myport $live 127.0.0.1 $live] \
    myaddr-other-family [list socket -myaddr ::1 127.0.0.1 $live] \
    name-no-local-family [list socket -myaddr 127.0.0.1 $name $dead2] \
    unresolvable [list socket $nowhere $live] \
    myaddr-unresolvable [list socket -myaddr $nowhere 127.0.0.1 $live] \
    port-too-high [list socket 127.0.0.1 65536]]
foreach {form cmd} $forms {
    catch $cmd
}
set before [lsort [chan names]]
foreach {form cmd} $forms {
    set n [descriptors]
    for {set i 0} {$i < 5} {incr i} {
        assert_equal 1 [catch $cmd msg] "$form: the connect fails ($msg)"
    }
    assert_equal $n [descriptors] "$form: five failed connects leave no descriptor open"
}
assert_equal $before [lsort [chan names]] "and no channel"
close $srv
