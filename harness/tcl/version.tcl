# version.tcl -- the target probe: is this a Tcl interpreter, and which one?
# Usage: <interpreter> version.tcl ANSWER-FILE ?SETUP-SCRIPT?
# Writes one line to ANSWER-FILE (never stdout, which the setup script may
# flood): "sockconf-probe VERSION" (the Tcl patch level) after sourcing the
# target's setup script, or "sockconf-probe-error MESSAGE (line N of FILE)"
# when the setup script fails (exit status 1).
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
puts $answer "sockconf-probe [info patchlevel]"
close $answer
exit 0
