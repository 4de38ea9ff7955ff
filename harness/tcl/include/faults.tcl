# faults.tcl -- include for cases that inject faults with the fault shim
# (harness/native/fault.c, preloaded in every namespace profile: capability
# fault-shim). A case names it in its frontmatter:
#     # includes: [faults.tcl]

# with_fault RULES SCRIPT --
#       Run SCRIPT in the caller while SOCKCONF_FAULT_FAIL holds RULES
#       ("CALL[/QUALIFIER]:ERROR[:COUNT] ...", read by the shim on every call),
#       and clear the rules afterwards, also when SCRIPT fails.
proc with_fault {rules script} {
    set ::env(SOCKCONF_FAULT_FAIL) $rules
    try {
        uplevel 1 $script
    } finally {
        unset ::env(SOCKCONF_FAULT_FAIL)
    }
}

# child_sockets --
#       The sockets (socket:[inode]) open in a child process started with
#       exec: ls lists its own descriptors, the ones it inherited among them.
proc child_sockets {} {
    regexp -all -inline {socket:\[[0-9]+\]} [exec ls -l /proc/self/fd]
}
