# ---
# id: 0826
# title: a double dash is not an end-of-options marker but, as in tclsh 8.6.13, an unknown option
# clauses: [args.options.exact, args.unknown-option, args.failure-leaves-no-channel]
# readings: [option-spelling:exact, option-spelling:prefixes]
# timeout: 5
# ---
# The manual has no end-of-options marker and says nothing of "--": tclsh
# 8.6.13 rejects it as a bad option (compatibility). An implementation that
# takes "--" as a marker tries 127.0.0.1 port 80 instead (loopback only); a
# channel it makes is closed again, and a failure must leave none.
set before [lsort [chan names]]
if {[catch {socket -- 127.0.0.1 80} msg opts]} {
    compat assert_equal {bad option "--": must be -async, -myaddr, -myport, or -server} $msg \
        "the message of tclsh 8.6.13"
    compat assert_equal {TCL LOOKUP INDEX option --} [dict get $opts -errorcode] \
        "the -errorcode of tclsh 8.6.13"
    observe error.double-dash $msg
} else {
    compat assert 0 "tclsh 8.6.13 rejects -- as a bad option"
    observe error.double-dash accepted
    close $msg
}
assert_equal $before [lsort [chan names]] "no channel is left behind"
