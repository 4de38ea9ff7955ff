# ---
# id: 0702
# title: a channel created for an accepted connection has the system encoding
# clauses: [description.encoding.default]
# requires: [ipv4]
# timeout: 10
# ---
set srv [socket -server {apply {{chan addr port} {
    set ::accepted [list $chan [chan configure $chan -encoding]]
}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket 127.0.0.1 $port]
lassign [wait_for ::accepted] chan inside
assert_equal [encoding system] $inside "the accepted channel has the system encoding in the callback"
assert_equal [encoding system] [chan configure $chan -encoding] "and keeps it afterwards"
close $c
close $chan
close $srv
