# ---
# id: 0609
# title: -error, -sockname, -peername and -connecting of a client cannot be set
# clauses: [option.readonly]
# requires: [ipv4]
# timeout: 10
# ---
set srv [socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set c [socket 127.0.0.1 $port]
wait_for ::accepted
set values [dict create -error {} -connecting 0 -sockname {127.0.0.1 x 1} -peername {127.0.0.1 x 1}]
foreach opt {-sockname -peername} {
    set before($opt) [chan configure $c $opt]
}
# The refusal is required; its message (tclsh 8.6.13: the generic "bad
# option" of chan configure, listing the options that can be set, which Tcl
# 9.0 extends) is compared and observed.
set settable {-blocking, -buffering, -buffersize, -encoding, -eofchar, or -translation}
dict for {opt value} $values {
    set msg [assert_error -compat-code NONE \
        -compat-message "bad option \"$opt\": should be one of $settable" \
        ?* {chan configure $c $opt $value}]
    observe readonly$opt $msg
}
foreach opt {-sockname -peername} {
    assert_equal $before($opt) [chan configure $c $opt] "$opt is unchanged by the attempt"
}
assert_equal 0 [chan configure $c -connecting] "-connecting is unchanged by the attempt"
close $c
close $::accepted
close $srv
