# many-descriptors.tcl -- include for cases about sockets whose descriptors are at
# or above FD_SETSIZE (1024), the most a select(2) notifier's fd_set can name.
# A case names it in its frontmatter:
#     # includes: [many-descriptors.tcl]

# above_fd_setsize ORDER --
#       Runs, in a child process of this executable with the target's setup
#       script sourced (so its socket is the implementation under test) and a
#       soft descriptor limit of 4096, a server and a client on 127.0.0.1
#       whose descriptors are all above 1100: the child first opens 1100
#       files. ORDER says when the child's event loop first runs: "before"
#       the files are opened (an `update`), or "after" (the accept is the
#       event loop's first work). The server accepts, the client waits for
#       its readable event, and the server sends one line 300 ms later; the
#       child then reads the line without blocking.
#       Returns what happened, one of:
#         "line read"                             (the socket worked)
#         "readable before any data, gets returned {}" (a spurious event; any
#                                                  other text read is named)
#         "no accept within 3 s" / "no readable event within 3 s"
#         "killed by SIG... (first line of its standard error)"
#         "no answer within 5 s" / "exit status N (...)"
#       The child is bounded by timeout(1); what it starts dies with it.
proc above_fd_setsize {order} {
    set child [file join [pwd] above-fd-setsize.tcl]
    set f [open $child w]
    puts $f {
        lassign $argv setup order
        if {$setup ne {}} {
            uplevel #0 [list source $setup]
        }
        proc report {what} {
            puts "sockconf-outcome $what"
            exit 0
        }
        if {$order eq "before"} {
            update
        }
        set files {}
        for {set i 0} {$i < 1100} {incr i} {
            lappend files [open /dev/null r]
        }
        if {[llength [glob -nocomplain -directory /proc/self/fd *]] <= 1100} {
            report "only [llength [glob -nocomplain -directory /proc/self/fd *]] descriptors open"
        }
        set srv [socket -server {apply {{chan addr port} {set ::peer $chan}}} -myaddr 127.0.0.1 0]
        set c [socket 127.0.0.1 [lindex [chan configure $srv -sockname] 2]]
        set timer [after 3000 {set ::peer ""}]
        vwait ::peer
        after cancel $timer
        if {$::peer eq {}} {
            report "no accept within 3 s"
        }
        chan configure $c -blocking 0
        set ::sent 0
        chan event $c readable {set ::ready $::sent}
        after 300 {
            puts $::peer hello
            flush $::peer
            set ::sent 1
        }
        set timer [after 3000 {set ::ready timeout}]
        vwait ::ready
        after cancel $timer
        if {$::ready eq "timeout"} {
            report "no readable event within 3 s"
        }
        set line [gets $c]
        if {$line eq "hello"} {
            report "line read"
        }
        report "readable [expr {$::ready ? {after the line was sent} : {before any data}}],\
            gets returned [list $line]"
    }
    close $f
    set err [file join [pwd] above-fd-setsize.err]
    # the limit is the soft one; a hard limit below 4096 is taken as it is
    set argv [list sh -c {ulimit -S -n 4096 2>/dev/null || ulimit -S -n "$(ulimit -H -n)"; exec "$@"} \
        sh timeout 5 [info nameofexecutable] $child $::sockconf::setup $order]
    set status [catch {exec {*}$argv 2>$err} out opts]
    set first [lindex [split [string trim [above_fd_setsize_read $err]] \n] 0]
    if {$status == 0} {
        foreach line [split $out \n] {
            if {[string match "sockconf-outcome *" $line]} {
                return [string range $line 17 end]
            }
        }
        return "exit status 0 with no outcome ($first)"
    }
    set code [dict get $opts -errorcode]
    switch -- [lindex $code 0] {
        CHILDKILLED {
            return "killed by [lindex $code 2] ($first)"
        }
        CHILDSTATUS {
            if {[lindex $code 2] == 124} {
                return "no answer within 5 s"
            }
            return "exit status [lindex $code 2] ($first)"
        }
    }
    error "the child could not be run: $out"
}

# above_fd_setsize_kind OUTCOME --
#       The kind of what above_fd_setsize returned, for `observe`: "line read",
#       "killed by SIG...", or "no line read" (a spurious event, no event, no
#       answer: which of these a broken notifier gives depends on timing).
proc above_fd_setsize_kind {outcome} {
    if {$outcome eq "line read"} {
        return $outcome
    }
    if {[regexp {^killed by (SIG[A-Z0-9]+)} $outcome -> signal]} {
        return "killed by $signal"
    }
    return "no line read"
}

proc above_fd_setsize_read {path} {
    set f [open $path r]
    set text [read $f]
    close $f
    return $text
}
