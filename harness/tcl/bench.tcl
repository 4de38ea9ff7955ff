# bench.tcl -- micro-benchmarks of a socket implementation, run by harness/bench.py.
# Usage: <interpreter> bench.tcl ?SETUP-SCRIPT?
# Prints one line per benchmark: NAME MICROSECONDS. Only 127.0.0.1 is used.
if {[llength $argv] && [lindex $argv 0] ne {}} {
    source [lindex $argv 0]
}

proc measure {name script} {
    set t0 [clock microseconds]
    uplevel #0 $script
    puts "$name [expr {[clock microseconds] - $t0}]"
}

set srv [socket -server {apply {{chan addr port} {
    chan configure $chan -translation binary -blocking 0
    chan event $chan readable [list apply {{chan} {
        set data [read $chan]
        if {[eof $chan]} {close $chan; return}
        incr ::received [string length $data]
    }} $chan]
}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]

# connect, accept, close, one after the other
measure connect-accept-close-x200 {
    for {set i 0} {$i < 200} {incr i} {
        set c [socket 127.0.0.1 $port]
        close $c
        update
    }
}

# -async connects completed through the event loop
measure async-connect-x200 {
    for {set i 0} {$i < 200} {incr i} {
        set c [socket -async 127.0.0.1 $port]
        chan event $c writable {set ::w 1}
        vwait ::w
        close $c
    }
}

# bulk transfer: 32 MiB in 64 KiB writes
set ::received 0
set block [string repeat x 65536]
measure transfer-32MiB {
    set c [socket 127.0.0.1 $port]
    chan configure $c -translation binary -buffersize 65536
    for {set i 0} {$i < 512} {incr i} {
        puts -nonewline $c $block
        flush $c
        update
    }
    close $c
    while {$::received < 512 * 65536} {
        vwait ::received
    }
}

# option queries
set c [socket 127.0.0.1 $port]
update
measure configure-query-x5000 {
    for {set i 0} {$i < 5000} {incr i} {
        chan configure $c -peername
        chan configure $c -error
    }
}
close $c
close $srv
