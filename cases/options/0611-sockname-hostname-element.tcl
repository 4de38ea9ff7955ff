# ---
# id: 0611
# title: the host element of a client's -sockname is the address itself or a name that resolves to it
# clauses: [option.sockname.hostname-fallback, option.sockname.client-triple]
# readings: [hostname-element:reverse-lookup, hostname-element:numeric-only]
# requires: [ipv4]
# timeout: 10
# ---
# ambiguities.yaml hostname-element: either reading is accepted; a name must lead
# back to the address, which is checked by connecting to it (a server listens
# on that address only).
set srv [socket -server {apply {{chan addr port} {lappend ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket 127.0.0.1 $port]
lassign [chan configure $c -sockname] addr host
assert_equal 127.0.0.1 $addr "the first element is the numeric local address"
observe hostname.sockname.127.0.0.1 $host
assert {$host ne ""} "the host element is never empty"
if {$host ne $addr} {
    assert {![regexp {^[0-9.]+$|:} $host]} "a host element that differs from the address is a name, not another address"
    set n [socket $host $port]
    wait_until {[info exists ::accepted] && [llength $::accepted] == 2} 5000
    close $n
}
close $c
wait_until {[info exists ::accepted] && [llength $::accepted] >= 1} 5000
foreach chan $::accepted {close $chan}
close $srv
