# version.tcl -- print the interpreter's Tcl patch level (sockconf target probe).
# Usage: <interpreter> version.tcl ?SETUP-SCRIPT?
if {[llength $argv] && [lindex $argv 0] ne {}} {
    source [lindex $argv 0]
}
puts [info patchlevel]
