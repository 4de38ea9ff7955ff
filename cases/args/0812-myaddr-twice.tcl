# ---
# id: 0812
# title: -myaddr given twice, where taken, binds the client to one of the two addresses given
# clauses: [args.options.exact, client.myaddr.numeric, args.failure-leaves-no-channel]
# requires: [ipv4, loopback-range]
# timeout: 10
# ---
# The manual neither allows nor forbids a repeated option. tclsh 8.6.13 takes
# it and the last -myaddr wins (compatibility, observed); an implementation
# that rejects the repetition must leave no channel. One that takes it must
# honour one of the two addresses.
set srv [socket -server {apply {{chan addr port} {set ::accepted [list $chan $addr]}}} \
    -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set before [lsort [chan names]]
if {[catch {socket -myaddr 127.0.0.2 -myaddr 127.0.0.3 127.0.0.1 $port} c]} {
    compat assert 0 "tclsh 8.6.13 takes a repeated -myaddr ($c)"
    observe myaddr.twice rejected
    assert_equal $before [lsort [chan names]] "a rejected command leaves no channel"
} else {
    lassign [wait_for ::accepted] chan addr
    set local [lindex [chan configure $c -sockname] 0]
    assert {$local in {127.0.0.2 127.0.0.3}} "the client is bound to one of the -myaddr addresses"
    assert_equal $local $addr "the server sees the bound address"
    compat assert_equal 127.0.0.3 $local "tclsh 8.6.13 binds the last -myaddr"
    observe myaddr.twice [expr {$local eq "127.0.0.3" ? "last" : "first"}]
    close $c
    close $chan
}
close $srv
