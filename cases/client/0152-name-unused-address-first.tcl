# ---
# id: 0152
# title: a blocking connect to a name whose first IPv4 address has no listener succeeds through the second
# clauses: [client.connect.several-addresses, client.host.name]
# requires: [names]
# params: [name-dead-first, live-addr]
# timeout: 10
# ---
# Same family both times, so an implementation that tries one address per
# family (or only the first) fails here.
set name [param name-dead-first]
set live [param live-addr]
set srv [socket -server {apply {{chan addr port} {set ::accepted [list $chan $addr]}}} -myaddr $live 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket $name $port]
assert_equal $live [lindex [chan configure $c -peername] 0] "the connection went to the second address"
lassign [wait_for ::accepted 5000] chan addr
close $c
close $chan
close $srv
