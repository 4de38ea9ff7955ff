# bench.tcl -- one benchmark of a socket implementation, run by harness/sockconf/bench.py.
#
# Usage: <interpreter> bench.tcl SETUP-SCRIPT MODE ARG...
#
#   recv-read BLOCK         server on 127.0.0.1: prints "port P", accepts one
#                           connection and reads it with [read $c BLOCK] to the end
#   recv-fcopy              the same, with [fcopy] to /dev/null
#   send PORT TOTAL BLOCK   connects to PORT and writes TOTAL bytes in BLOCK-byte
#                           [puts -nonewline] calls, then closes; prints "bytes N"
#   accept N                N sequential rounds of connect, accept, close, close
#                           (server and client in this interpreter)
#   latency N               N [socket -async] connects, each timed until its
#                           writable event fires
#   memory N PORT           opens N connections to PORT and keeps them idle;
#                           reports this process's resident size before and after
#   start                   nothing: the cost of starting the target (with its
#                           setup script), which the suite pays for every case
#
# SETUP-SCRIPT ("" for none) is the target's setup script, sourced first, as the
# harness's version probe does. Every channel is binary with the implementation's
# default buffers. Prints one line of KEY VALUE pairs, e.g. "bytes 268435456 us
# 243000"; only 127.0.0.1 is used. The C program harness/native/ceiling.c does the
# same work with plain system calls.

lassign $argv setup mode
set args [lrange $argv 2 end]
if {$setup ne {}} {
    uplevel #0 [list source $setup]
}

# A server on 127.0.0.1 whose accept callback stores the new channel in ::conn.
proc server {} {
    set srv [socket -server {apply {{chan addr port} {set ::conn $chan}}} -myaddr 127.0.0.1 0]
    return [list $srv [lindex [chan configure $srv -sockname] 2]]
}

proc rss_kb {} {
    set f [open /proc/self/status]
    set text [read $f]
    close $f
    regexp -line {^VmRSS:\s+(\d+)} $text -> kb
    return $kb
}

proc median {values} {
    set s [lsort -integer $values]
    set n [llength $s]
    if {$n % 2} {
        return [lindex $s [expr {$n / 2}]]
    }
    return [expr {([lindex $s [expr {$n / 2 - 1}]] + [lindex $s [expr {$n / 2}]]) / 2.0}]
}

switch -- $mode {
    recv-read - recv-fcopy {
        lassign [server] srv port
        puts "port $port"
        flush stdout
        vwait ::conn
        set t0 [clock microseconds]
        chan configure $::conn -translation binary
        set got 0
        if {$mode eq "recv-read"} {
            set block [lindex $args 0]
            while {![eof $::conn]} {
                incr got [string length [read $::conn $block]]
            }
        } else {
            set null [open /dev/null wb]
            set got [fcopy $::conn $null]
            close $null
        }
        puts "bytes $got us [expr {[clock microseconds] - $t0}]"
        close $::conn
        close $srv
    }
    send {
        lassign $args port total block
        set c [socket 127.0.0.1 $port]
        chan configure $c -translation binary
        set data [string repeat x $block]
        for {set sent 0} {$sent < $total} {incr sent $block} {
            puts -nonewline $c $data
        }
        close $c
        puts "bytes $sent"
    }
    accept {
        set n [lindex $args 0]
        lassign [server] srv port
        set t0 [clock microseconds]
        for {set i 0} {$i < $n} {incr i} {
            set c [socket 127.0.0.1 $port]
            vwait ::conn
            close $c
            close $::conn
        }
        puts "count $n us [expr {[clock microseconds] - $t0}]"
        close $srv
    }
    latency {
        set n [lindex $args 0]
        lassign [server] srv port
        set samples {}
        for {set i 0} {$i < $n} {incr i} {
            unset -nocomplain ::conn ::t1
            set t0 [clock microseconds]
            set c [socket -async 127.0.0.1 $port]
            chan event $c writable {set ::t1 [clock microseconds]}
            vwait ::t1
            lappend samples [expr {$::t1 - $t0}]
            if {![info exists ::conn]} {
                vwait ::conn
            }
            close $c
            close $::conn
        }
        set s [lsort -integer $samples]
        puts "count $n median_us [median $s] min_us [lindex $s 0] max_us [lindex $s end]"
        close $srv
    }
    memory {
        lassign $args n port
        close [socket 127.0.0.1 $port]
        set before [rss_kb]
        for {set i 0} {$i < $n} {incr i} {
            lappend conns [socket 127.0.0.1 $port]
        }
        puts "count $n rss_before_kb $before rss_after_kb [rss_kb]"
    }
    start {
    }
    default {
        puts stderr "bench.tcl: unknown mode '$mode'"
        exit 2
    }
}
exit 0
