# ---
# id: 0707
# title: with -encoding iso8859-1 each Latin-1 character travels as one byte
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
set text "na\u00efve \u00e9t\u00e9 \u00ff"
chan configure $c -encoding iso8859-1 -translation lf
chan configure $::accepted -translation binary
puts $c $text
flush $c
set raw [read $::accepted [expr {[string length $text] + 1}]]
assert_equal [encoding convertto iso8859-1 "$text\n"] $raw "one byte per character on the wire"
chan configure $::accepted -encoding iso8859-1 -translation lf
puts $::accepted $text
flush $::accepted
assert_equal $text [gets $c] "Latin-1 text is read back unchanged"
close $c
close $::accepted
close $srv
