# faults.tcl -- include for cases that inject faults with the fault shim
# (harness/native/fault.c, preloaded in every namespace profile: capability
# fault-shim). A case names it in its frontmatter:
#     # includes: [faults.tcl]
# Rules the case needs throughout go in the frontmatter instead (faults:).

# with_fault RULES SCRIPT --
#       Run SCRIPT in the caller while SOCKCONF_FAULT_FAIL holds RULES
#       ("CALL[/QUALIFIER]...:ACTION[:COUNT][:OPTION=N]... ...", read by the
#       shim on every call), and restore the variable afterwards, also when
#       SCRIPT fails. The rules are announced on the shim's channel with the
#       case line, so the harness can prove they fired: a case whose armed
#       rules never altered a call ends in error, not in a pass. A literal
#       RULES is checked against the shim's grammar when the case is
#       collected.
proc with_fault {rules script} {
    ::sockconf::fault_announce $rules [::sockconf::caseline]
    set had [info exists ::env(SOCKCONF_FAULT_FAIL)]
    if {$had} {
        set old $::env(SOCKCONF_FAULT_FAIL)
    }
    set ::env(SOCKCONF_FAULT_FAIL) $rules
    try {
        uplevel 1 $script
    } finally {
        if {$had} {
            set ::env(SOCKCONF_FAULT_FAIL) $old
        } else {
            unset ::env(SOCKCONF_FAULT_FAIL)
        }
    }
}

# ::sockconf::fault_announce RULES LINE --
#       Write an "armed" line to the fault channel (SOCKCONF_FAULT_FD: a
#       descriptor number or a file's path), in one write, as the shim writes
#       its own.
proc ::sockconf::fault_announce {rules line} {
    if {![info exists ::env(SOCKCONF_FAULT_FD)] || $::env(SOCKCONF_FAULT_FD) eq ""} {
        return
    }
    set where $::env(SOCKCONF_FAULT_FD)
    if {[string is digit -strict $where]} {
        set where /proc/self/fd/$where
    }
    set text "\{\"t\":\"armed\",\"pid\":[::sockconf::json [pid]],\"var\":\"FAIL\""
    append text ",\"seq\":\"\",\"by\":\"with_fault\",\"value\":[::sockconf::json $rules]"
    append text ",\"line\":[::sockconf::json $line]\}\n"
    set chan [open $where {WRONLY APPEND}]
    chan configure $chan -translation binary -buffering full -buffersize 8192
    puts -nonewline $chan [encoding convertto utf-8 $text]
    close $chan
}

# child_sockets --
#       The sockets (socket:[inode]) open in a child process started with
#       exec: ls lists its own descriptors, the ones it inherited among them.
proc child_sockets {} {
    regexp -all -inline {socket:\[[0-9]+\]} [exec ls -l /proc/self/fd]
}
