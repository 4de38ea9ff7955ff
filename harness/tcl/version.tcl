# version.tcl -- the target probe: is this a Tcl interpreter, and which one?
# Usage: <interpreter> version.tcl ?SETUP-SCRIPT?
# Prints one line "sockconf-probe VERSION" (the Tcl patch level), after
# sourcing the target's setup script; if the setup script fails, prints
# "sockconf-probe-error MESSAGE (file FILE line N)" instead and exits 1.
if {[llength $argv] && [lindex $argv 0] ne {}} {
    set setup [lindex $argv 0]
    if {[catch {uplevel #0 [list source $setup]} message opts]} {
        set where {}
        regexp {\(file "[^"]*" line (\d+)\)} [dict get $opts -errorinfo] -> where
        set message [string map {\n { }} $message]
        if {$where ne {}} {
            puts "sockconf-probe-error $message (line $where of $setup)"
        } else {
            puts "sockconf-probe-error $message (in $setup)"
        }
        exit 1
    }
}
puts "sockconf-probe [info patchlevel]"
exit 0
