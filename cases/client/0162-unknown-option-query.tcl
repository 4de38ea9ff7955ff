# ---
# id: 0162
# title: querying an option a socket channel does not have is an error that names the socket's own options
# clauses: [option.unknown-query-error]
# requires: [ipv4]
# timeout: 10
# ---
# chan configure with one option name returns that option's value, so a name
# that is neither a generic channel option nor one of the socket's must fail.
# The message of tclsh 8.6.13 lists the generic options, then the socket's
# (without -error, which can be read all the same); Tcl 9.0 lists more.
set srv [socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket 127.0.0.1 $port]
wait_for ::accepted
set listing {-blocking, -buffering, -buffersize, -encoding, -eofchar, -translation, -connecting, -peername, or -sockname}
foreach {what chan} [list client $c accepted $::accepted server $srv] {
    set msg [assert_error -compat-code NONE \
        -compat-message "bad option \"-bogus\": should be one of $listing" \
        ?* {chan configure $chan -bogus}]
    observe unknown-option.$what [string map [list $chan CHAN] $msg]
}
assert_equal 0 [chan configure $c -connecting] "the channel still answers its own options"
close $c
close $::accepted
close $srv
