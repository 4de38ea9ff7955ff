# example.tcl -- the manual's time server (in a child, port 0 instead of 9900) and client.
source [file join [file dirname [info script]] lib.tcl]
set srv {
    proc Server {startTime channel clientaddr clientport} {
        puts stderr "server: Connection from $clientaddr registered"
        set now [clock seconds]
        puts $channel [clock format $now]
        puts $channel "[expr {$now - $startTime}] since start"
        close $channel
    }
    set s [socket -server [list Server [clock seconds]] 0]
    puts [lindex [chan configure $s -sockname] 2]; flush stdout
    after 5000 {set forever timeout}
    vwait forever
}
set f [file tempfile path]; puts $f $srv; close $f
set p [open "|tclsh8.6 $path 2>@stdout" r]
gets $p port
after 1100
set server localhost
set sockChan [socket $server $port]
gets $sockChan line1
gets $sockChan line2
close $sockChan
puts "The time on $server is $line1"
puts "That is [lindex $line2 0]s since the server started"
puts "line2=[list $line2]; server said: [gets $p]"
exec kill [pid $p]; catch {close $p}; file delete $path
