# ---
# id: 0992
# title: where a stream socket whose connect failed cannot connect again (BSD), a name whose first address refuses still connects to its second, synchronously and with -async
# clauses: [client.connect.several-addresses, client.async.next-address, client.async.success-event]
# requires: [bsd-personality]
# params: [name-dead-first, live-addr]
# timeout: 15
# ---
# The name lists an address nobody listens on, then the server's; both are
# IPv4. FreeBSD's connect(2): a stream socket "may successfully connect()
# only once", and a socket whose attempt failed answers the next connect()
# with EINVAL, which the bsd profile emulates. Linux lets the same descriptor
# try again, so an implementation that reuses it for the next address of the
# same family works there and fails here. The connect must reach the second
# address either way.
set name [param name-dead-first]
set live [param live-addr]
set srv [socket -server {apply {{chan addr port} {lappend ::accepted $chan}}} -myaddr $live 0]
set port [lindex [chan configure $srv -sockname] 2]
set rc [catch {socket $name $port} s]
assert_equal 0 $rc "the blocking connect reaches the second address ($s)"
assert_equal $live [lindex [chan configure $s -peername] 0] "its peer is the listening address"
set a [socket -async $name $port]
wait_event $a writable 5000
assert_equal {} [chan configure $a -error] "the -async connect reaches the second address"
assert_equal $live [lindex [chan configure $a -peername] 0] "its peer is the listening address"
wait_until {[info exists ::accepted] && [llength $::accepted] == 2} 5000
foreach chan [list $s $a {*}$::accepted $srv] {
    close $chan
}
