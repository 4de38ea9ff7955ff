# ---
# id: 0407
# title: a server with -myaddr localhost listens on loopback addresses only and accepts a client of localhost
# clauses: [server.myaddr.name, option.sockname.server-triples]
# timeout: 10
# ---
set srv [socket -server {apply {{chan addr port} {
    set ::accepted [list $chan $addr]
}}} -myaddr localhost 0]
set names [chan configure $srv -sockname]
assert {[llength $names] >= 3 && [llength $names] % 3 == 0} \
    "-sockname is one or more address/name/port groups"
set ports {}
foreach {addr host p} $names {
    assert {[string match 127.* $addr] || $addr eq "::1"} \
        "every listening address is a loopback address that localhost names, not a wildcard"
    lappend ports $p
}
assert_equal 1 [llength [lsort -unique $ports]] "all groups share the port"
set port [lindex $ports 0]
observe sockname.server-localhost [lmap {a h p} $names {set a}]

set c [socket localhost $port]
lassign [wait_for ::accepted 5000] chan addr
assert {$addr in [lmap {a h p} $names {set a}]} \
    "the client of localhost came in through one of the listening addresses"
close $c
close $chan
close $srv
