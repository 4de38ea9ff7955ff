# peer.tcl -- include for cases whose peer runs in a child process, so that it
# is served while this interpreter is blocked (in gets, in flush). A case names
# it in its frontmatter:
#     # includes: [peer.tcl]

# peer_process SCRIPT --
#       Start this executable as a child process, with a pipe to and from it
#       (line-buffered), and send it, as one command, the target's setup
#       script (::sockconf::setup; "" for none) followed by SCRIPT. The
#       peer's socket is then the implementation under test, as this side's
#       is: a transport that layers a protocol over TCP (TLS) is spoken by both
#       ends. Being one command, SCRIPT runs at once and can read the lines the
#       case writes to the pipe later; the child's standard output comes back
#       through the pipe, its standard error goes to the case's (kept by the
#       harness, and no error of close: a TLS peer reports connections that
#       ended before their handshake there). Returns the pipe; the case closes it.
proc peer_process {script} {
    set kid [open |[list [info nameofexecutable] 2>@ stderr] r+]
    chan configure $kid -buffering line
    set setup {}
    if {$::sockconf::setup ne ""} {
        set setup [list source $::sockconf::setup]
    }
    puts $kid [list if 1 "$setup\n$script"]
    return $kid
}
