# ---
# id: 0404
# title: the server command is a prefix of several words to which three arguments are appended
# clauses: [server.accept.command-prefix]
# requires: [ipv4]
# timeout: 10
# ---
proc accept {first second chan addr port} {
    set ::accepted [list $first $second $chan $addr $port]
}
set srv [socket -server [list accept "two words" {[not substituted]}] -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket 127.0.0.1 $port]
lassign [wait_for ::accepted] first second chan addr cport
assert_equal "two words" $first "prefix words arrive unchanged, one argument each"
assert_equal {[not substituted]} $second "prefix words are not substituted again"
assert_equal 127.0.0.1 $addr "then the client's address"
close $c
close $chan
close $srv
