# ---
# id: 0612
# title: the host element of an accepted channel's -peername is the client address itself or a name that resolves to it
# clauses: [option.peername.hostname-fallback, option.peername.accepted-triple]
# readings: [hostname-element:reverse-lookup, hostname-element:numeric-only]
# requires: [ipv4]
# timeout: 10
# ---
set srv [socket -server {apply {{chan addr port} {lappend ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket 127.0.0.1 $port]
wait_until {[info exists ::accepted] && [llength $::accepted] == 1} 5000
lassign [chan configure [lindex $::accepted 0] -peername] addr host
assert_equal 127.0.0.1 $addr "the first element is the client's numeric address"
observe hostname.peername.127.0.0.1 $host
assert {$host ne ""} "the host element is never empty"
if {$host ne $addr} {
    assert {![regexp {^[0-9.]+$|:} $host]} "a host element that differs from the address is a name, not another address"
    set n [socket $host $port]
    wait_until {[llength $::accepted] == 2} 5000
    close $n
}
close $c
foreach chan $::accepted {close $chan}
close $srv
