# faults.tcl -- include for cases that inject faults with the fault shim
# (harness/native/fault.c, preloaded in every namespace profile: capability
# fault-shim). A case names it in its frontmatter:
#     # includes: [faults.tcl]
# Rules the case needs throughout go in the frontmatter instead (faults:).
# It brings round-trip.tcl's round_trip with it (connected_pair uses it).

if {[info commands round_trip] eq ""} {
    source [file join [file dirname [file normalize [info script]]] round-trip.tcl]
}

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
    set mode {WRONLY APPEND}
    if {[string is digit -strict $where]} {
        # a pipe the interpreter inherited: opened again, it cannot seek
        set where /proc/self/fd/$where
        set mode WRONLY
    }
    set text "\{\"t\":\"armed\",\"pid\":[::sockconf::json [pid]],\"var\":\"FAIL\""
    append text ",\"seq\":\"\",\"by\":\"with_fault\",\"value\":[::sockconf::json $rules]"
    append text ",\"line\":[::sockconf::json $line]\}\n"
    set chan [open $where $mode]
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

# connected_pair ?TRANSLATION? ?ADDR? --
#       One connection on ADDR (127.0.0.1): returns {client accepted}, both
#       blocking, with -translation TRANSLATION (binary; "" keeps the
#       channels' own). The server that accepted it is closed already. Its
#       first exchange has been made through the event loop (round_trip of
#       round-trip.tcl), so that a layered transport's handshake is done
#       before the case blocks on one end; the exchange runs with every fault
#       rule suspended (SOCKCONF_FAULT_RULES and SOCKCONF_FAULT_FAIL unset,
#       which the shim reads on every call), so the case's faults meet its
#       own data only, as they do with a plain socket.
proc connected_pair {{translation binary} {addr 127.0.0.1}} {
    set srv [socket -server [list apply {{chan addr port} {
        set ::sockconf_pair $chan
    }}] -myaddr $addr 0]
    set port [lindex [chan configure $srv -sockname] 2]
    set c [socket $addr $port]
    wait_for ::sockconf_pair 5000
    close $srv
    set a $::sockconf_pair
    unset ::sockconf_pair
    set held {}
    foreach var {SOCKCONF_FAULT_RULES SOCKCONF_FAULT_FAIL} {
        if {[info exists ::env($var)]} {
            lappend held $var $::env($var)
            unset ::env($var)
        }
    }
    try {
        round_trip $c $a
    } finally {
        foreach {var value} $held {
            set ::env($var) $value
        }
    }
    if {$translation ne ""} {
        chan configure $c -translation $translation
        chan configure $a -translation $translation
    }
    return [list $c $a]
}

# pattern SIZE --
#       SIZE bytes in which every 8-byte block names its own offset (seven
#       hex digits and a newline), so that a lost, repeated or reordered
#       block shows where it happened.
proc pattern {size} {
    set out {}
    for {set i 0} {$i < $size} {incr i 8} {
        append out [format %07x\n $i]
    }
    return [string range $out 0 [expr {$size - 1}]]
}

# assert_same_bytes EXPECTED ACTUAL WHAT --
#       A conformance assertion that ACTUAL is EXPECTED byte for byte; when
#       not, the failure names the lengths and the first differing offset
#       instead of holding megabytes.
proc assert_same_bytes {expected actual what} {
    if {$expected eq $actual} {
        return
    }
    set n [string length $expected]
    set m [string length $actual]
    set i 0
    while {$i < $n && $i < $m && [string range $expected $i [expr {$i + 4095}]] eq
            [string range $actual $i [expr {$i + 4095}]]} {
        incr i 4096
    }
    while {$i < $n && $i < $m && [string index $expected $i] eq [string index $actual $i]} {
        incr i
    }
    set near [list [string range $expected $i [expr {$i + 15}]] \
        [string range $actual $i [expr {$i + 15}]]]
    uplevel 1 [list assert_equal "$n bytes" \
        "$m bytes, the first difference at byte $i: expected [list [lindex $near 0]], got [list [lindex $near 1]]" \
        $what]
}

# drain CHAN VAR --
#       Read CHAN, made non-blocking, from its readable events into the
#       global VAR until end of file; then the global VAR-done is "eof", or
#       {error MESSAGE ERRORCODE} when a read failed. The caller waits with
#       wait_for VAR-done.
proc drain {chan var} {
    upvar #0 $var got
    set got {}
    chan configure $chan -blocking 0
    chan event $chan readable [list apply {{chan var} {
        upvar #0 $var got ${var}-done done
        if {[catch {read $chan} data opts]} {
            chan event $chan readable {}
            set done [list error $data [dict get $opts -errorcode]]
            return
        }
        append got $data
        if {[eof $chan]} {
            chan event $chan readable {}
            set done eof
        }
    }} $chan $var]
}
