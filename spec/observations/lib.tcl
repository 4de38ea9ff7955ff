# lib.tcl -- helpers shared by the observation scripts (sourced).
proc show {label script} {
    set rc [catch {uplevel #0 $script} res opts]
    set ec [expr {[dict exists $opts -errorcode] ? [dict get $opts -errorcode] : "-"}]
    puts "$label: [list $script] -> rc=$rc res=[list $res] errorcode=[list $ec]"
    return $res
}
proc freeport {} {
    set s [socket -server none -myaddr 127.0.0.1 0]
    set p [lindex [chan configure $s -sockname] 2]
    close $s
    return $p
}
proc waitw {c ms} {
    set t [after $ms {set ::w timeout}]
    chan event $c writable {set ::w fired}
    vwait ::w
    after cancel $t
    chan event $c writable {}
    return $::w
}
puts "# tclsh [info patchlevel], [exec uname -sr], hosts: [string map {\n { | }} [string trim [exec cat /etc/hosts]]]"
