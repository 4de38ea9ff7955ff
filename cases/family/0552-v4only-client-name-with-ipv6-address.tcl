# ---
# id: 0552
# title: on a host without IPv6 a client connects to a name that lists ::1 before 127.0.0.1
# clauses: [client.connect.several-addresses, client.host.name]
# requires: [v4only-host]
# params: [name-dual]
# timeout: 10
# ---
# The name's hosts-file entry lists ::1 first; glibc sorts the unusable IPv6
# address last, but an implementation that ignores that, or gives up when
# socket(AF_INET6) fails, does not connect.
set name [param name-dual]
set srv [socket -server {apply {{chan addr port} {set ::accepted [list $chan $addr]}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket $name $port]
assert_equal 127.0.0.1 [lindex [chan configure $c -peername] 0] "connected over IPv4"
lassign [wait_for ::accepted 5000] chan addr
close $c
close $chan
close $srv
