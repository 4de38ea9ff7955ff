# ---
# id: 0618
# title: while an -async connect is pending, -peername and -sockname answer, as in tclsh 8.6 with empty values
# clauses: [client.async.connecting-option, option.peername.client-triple, option.sockname.client-triple]
# readings: [pending-names:empty, pending-names:partial, pending-names:error]
# requires: [pending-connect]
# params: [filtered-addr, filtered-port]
# timeout: 10
# ---
# The manual does not say what the two options give before the connect ends
# (ambiguities.yaml pending-names): any reading conforms. tclsh 8.6 answers
# an empty string for each, and lists them empty (compatibility).
set c [socket -async [param filtered-addr] [param filtered-port]]
assert_equal 1 [chan configure $c -connecting] "the connect is still in progress"
foreach opt {-peername -sockname} {
    if {[catch {chan configure $c $opt} value]} {
        set value "error: $value"
    }
    compat assert_equal "" $value "$opt is empty while the connect is pending"
    observe pending[string map {- .} $opt] $value
}
compat assert_equal {-peername {} -sockname {}} [dict filter [chan configure $c] key -peername -sockname] \
    "the listing shows both, empty"
assert_equal 1 [chan configure $c -connecting] "and the connect is still in progress"
close $c
