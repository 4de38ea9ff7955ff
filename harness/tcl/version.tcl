# version.tcl -- the target probe: is this a Tcl interpreter, and which one?
# Usage: <interpreter> version.tcl ANSWER-FILE ?SETUP-SCRIPT?
# Writes one line to ANSWER-FILE (never stdout, which the setup script may
# flood), after sourcing the target's setup script:
#   "sockconf-probe VERSION"               the Tcl patch level
#   "sockconf-probe VERSION lacks CMD..."  the commands of those the suite needs
#                                          (socket, chan) that do not exist
#   "sockconf-probe-error MESSAGE (line N of FILE)"   the setup script failed
#                                          (exit status 1)
# The harness refuses the target unless it is Tcl 8.6 or 9.x and lacks nothing
# (harness/sockconf/targets.py, probe_version).
set answer [open [lindex $argv 0] w]
if {[llength $argv] > 1 && [lindex $argv 1] ne {}} {
    set setup [lindex $argv 1]
    if {[catch {uplevel #0 [list source $setup]} message opts]} {
        set where {}
        regexp {\(file "[^"]*" line (\d+)\)} [dict get $opts -errorinfo] -> where
        set message [string map {\n { }} $message]
        if {$where ne {}} {
            puts $answer "sockconf-probe-error $message (line $where of $setup)"
        } else {
            puts $answer "sockconf-probe-error $message (in $setup)"
        }
        close $answer
        exit 1
    }
}
set lacks {}
foreach command {socket chan} {
    if {[info commands $command] eq {}} {
        lappend lacks $command
    }
}
if {$lacks ne {}} {
    puts $answer "sockconf-probe [info patchlevel] lacks $lacks"
} else {
    puts $answer "sockconf-probe [info patchlevel]"
}
close $answer
exit 0
