# ---
# id: 0706
# title: with -encoding utf-8 non-ASCII text is sent as UTF-8 bytes and read back as the same text
# clauses: [description.encoding.configurable]
# requires: [ipv4]
# timeout: 10
# includes: [round-trip.tcl]
# ---
set srv [socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket 127.0.0.1 $port]
wait_for ::accepted
round_trip $c $::accepted
set text "caf\u00e9 \u20ac \u4e2d"
chan configure $c -encoding utf-8 -translation lf
chan configure $::accepted -translation binary
puts $c $text
flush $c
set expected [encoding convertto utf-8 "$text\n"]
set raw [read $::accepted [string length $expected]]
assert_equal $expected $raw "the wire carries the UTF-8 encoding of the text"
chan configure $::accepted -encoding utf-8 -translation lf
puts $::accepted $text
flush $::accepted
assert_equal $text [gets $c] "text written in utf-8 is read back unchanged"
close $c
close $::accepted
close $srv
