# ---
# id: 0820
# title: option names are spelt out as tclsh 8.6.13 requires; an ambiguous prefix such as -my is an error
# clauses: [args.options.exact, args.unknown-option, args.synopsis.other-forms-rejected]
# readings: [extension-options:extensions-allowed, option-spelling:exact, option-spelling:prefixes]
# timeout: 5
# ---
# -my could be -myaddr or -myport, so no implementation can accept it. Whether
# unique prefixes (-asy, -serv) are options too is the implementation's
# choice: tclsh 8.6.13 rejects them (compatibility), an implementation that
# takes them connects to or listens on a loopback port, which is closed again.
set before [lsort [chan names]]
set msg [assert_error -compat-code {TCL LOOKUP INDEX option -my} \
    -compat-message {bad option "-my": must be -async, -myaddr, -myport, or -server} \
    ?* {socket -my 127.0.0.1 127.0.0.1 80}]
observe error.ambiguous-prefix $msg
assert_equal $before [lsort [chan names]] "no channel is created for an ambiguous option"
foreach {word line} {
    -asy  {socket -asy 127.0.0.1 80}
    -serv {socket -serv accept 0}
} {
    if {[catch $line msg opts]} {
        compat assert_equal "bad option \"$word\": must be -async, -myaddr, -myport, or -server" \
            $msg "the message of tclsh 8.6.13: $line"
        compat assert_equal [list TCL LOOKUP INDEX option $word] [dict get $opts -errorcode] \
            "the -errorcode of tclsh 8.6.13: $line"
        observe prefix$word rejected
    } else {
        compat assert 0 "tclsh 8.6.13 rejects the prefix $word"
        observe prefix$word accepted
        close $msg
    }
}
assert_equal $before [lsort [chan names]] "no channel is left behind"
