# arg-order.tcl -- ambiguity arg-check-order: which of two argument problems is reported.
#
#   run.sh arg-order.tcl        tclsh8.6, and beside it tclsh9.0 when that is on PATH
#
# Every command line is `socket` + option fragments + a tail of plain words; each fragment
# and tail is fine on its own or has one problem, so the lines hold zero, one or two
# problems in every order: part 1 every ordered pair of fragments with every tail, part 2
# the two problems made of two options (-async or -myport 5000 with -server) with a third
# fragment before, between and after them. The interpreter running the script prints, for each line,
# its result (rc, message, -errorcode, channels left behind); every compared interpreter
# runs the same lines in a child process (same namespace) and is shown beside it, "same"
# when it agrees. Environment:
#   ARGORDER_SETUP    a script sourced first (e.g. reference-impl/setup.tcl, with
#                     REFSOCK_BUILD, to observe refsock); not passed on to children
#   ARGORDER_COMPARE  a Tcl list of command prefixes to compare with, e.g.
#                     {tclsh9.0} {env ARGORDER_SETUP=/abs/setup.tcl tclsh8.6};
#                     default: tclsh9.0 when on PATH and not the one running
# Lines are labelled AO1, AO2, ... in the order generated; $p is a port nothing listens
# on, found at start; "none" is a server callback that does nothing.

set here [file dirname [file normalize [info script]]]
set child [expr {[lindex $argv 0] eq "--child"}]
if {[info exists env(ARGORDER_SETUP)]} {
    set setup [file normalize $env(ARGORDER_SETUP)]
    unset env(ARGORDER_SETUP)
    uplevel #0 [list source $setup]
}

proc none args {}
set s [socket -server none -myaddr 127.0.0.1 0]
set p [lindex [chan configure $s -sockname] 2]
close $s

# Option fragments: {} and one each for a problem or a mode. "-server -async" is a server
# whose command is "-async" (an option's value is taken as it is, whatever it looks like).
set fragments {
    {}
    {-bogus}
    {-async}
    {-server none}
    {-server -async}
    {-myport x}
    {-myport 65536}
    {-myport 99999999999}
    {-myport 5000}
    {-myaddr no-such-name.invalid}
}
# Tails: the words after the options (zero, one, two or three).
set tails {
    {}
    {$p}
    {127.0.0.1 $p}
    {notaport}
    {127.0.0.1 notaport}
    {65536}
    {127.0.0.1 65536}
    {no-such-name.invalid $p}
    {127.0.0.1 $p extra}
}
# Last words that lack their value.
set dangling {-server -myaddr -myport}

# Part 1: every ordered pair of fragments with every tail and every dangling word.
set lines {}
foreach f1 $fragments {
    foreach f2 $fragments {
        foreach tail [concat $tails $dangling] {
            lappend lines [join [concat socket $f1 $f2 $tail]]
        }
    }
}
# Part 2: the two problems made of two options (-async or -myport 5000 with -server none)
# with a third fragment before, between and after them, and the tails that matter there.
set pairs {{{-async} {-server none}} {{-myport 5000} {-server none}}}
foreach pair $pairs {
    lassign $pair a b
    foreach f [lrange $fragments 1 end] {
        if {$f in $pair} continue
        foreach order [list [list $a $b $f] [list $a $f $b] [list $f $a $b] \
                [list $b $a $f] [list $b $f $a] [list $f $b $a]] {
            foreach tail [concat {{$p} {127.0.0.1 $p} {notaport} {$p extra}} $dangling] {
                lappend lines [join [concat socket {*}$order $tail]]
            }
        }
    }
}
set seen {}
foreach line $lines {
    dict set seen $line 1
}
set lines [dict keys $seen]

# try1 -- run one line; {rc message errorcode channels-left} (a channel made is closed).
proc try1 {line} {
    set before [chan names]
    set rc [catch {uplevel #0 $line} res opts]
    set ec [expr {[dict exists $opts -errorcode] ? [dict get $opts -errorcode] : "-"}]
    set left [llength [lmap c [chan names] {if {$c in $before} continue; set c}]]
    foreach c [chan names] {
        if {$c ni $before} {close $c}
    }
    if {$rc == 0} {set res channel}
    return [list $rc $res $ec $left]
}

proc fmt {r} {
    lassign $r rc res ec left
    set out "rc=$rc res=[list $res] errorcode=[list $ec]"
    if {$rc != 0 && $left} {append out " channels-left=$left"}
    return $out
}

# kind -- which problem a result reports, whatever the wording: the thing compared. A bad
# value is put down to -myport or to the port by the value named or the words present
# ("myport-or-port-value" when both -myport 65536 and port 65536 are on the line).
proc kind {line r} {
    lassign $r rc res
    if {$rc == 0} {return channel}
    set what {}
    foreach {re k} {
        {^wrong # args}                          wrong-args
        {^bad option "([^"]*)"}                  bad-option
        {^no argument given for (\S+) option}    no-value
        {^cannot set -async option for server}   async-with-server
        {^option -myport is not valid for serv}  myport-with-server
        {^expected integer but got "([^"]*)"}    not-integer
        {^integer value too large}               int-overflow
        {port number too high$|invalid port number$} port-range
        {^couldn't open socket: connection refused$} refused
        {^couldn't open socket: Name or service} unresolvable
    } {
        if {[regexp $re $res -> what]} {
            break
        }
        set k other
    }
    switch -- $k {
        not-integer {
            return [expr {[string match "*-myport $what *" $line] ? "myport-value" : "port-value"}]
        }
        int-overflow {
            return myport-value
        }
        port-range {
            set m [string match "*-myport 65536 *" $line]
            set t [expr {[lindex $line end] eq "65536"}]
            return [expr {$m && $t ? "myport-or-port-value" : $m ? "myport-value" : "port-value"}]
        }
        other {
            return [list other $res]
        }
    }
    return [string trim "$k $what"]
}

set results {}
foreach line $lines {
    lappend results [try1 $line]
}
if {$child} {
    puts [list [info patchlevel] $results]
    exit 0
}

source [file join $here lib.tcl]
if {[info exists env(ARGORDER_COMPARE)]} {
    set compare $env(ARGORDER_COMPARE)
} elseif {[auto_execok tclsh9.0] ne "" && ![string match 9.* [info patchlevel]]} {
    set compare {tclsh9.0}
} else {
    set compare {}
}
if {[info exists setup]} {
    puts "# setup: $setup"
}
set others {}
set i 0
foreach interp $compare {
    lassign [exec {*}$interp [file join $here arg-order.tcl] --child 2>@ stderr] level rest
    set label [expr {[llength $compare] > 1 ? "C[incr i]=$level" : $level}]
    puts "# compared with [list $interp]: tclsh $level, shown as $label"
    lappend others [list $label $rest]
}
# Results are written once each, as R1, R2, ... (rc, message, -errorcode, channels left);
# a line names the one it got.
set rid {}
foreach r [concat $results {*}[lmap o $others {lindex $o 1}]] {
    if {![dict exists $rid $r]} {
        dict set rid $r R[expr {[dict size $rid] + 1}]
    }
}
puts "# p = a free port; none = a server callback doing nothing"
dict for {r id} $rid {
    puts "$id = [fmt $r]"
}
puts "# AOn: line -> \[kind of the problem reported\] result; then, per compared interpreter,"
puts "# \"same\", or its result and WORDING (same kind) or ORDER (it reports another problem)"
set n 0
set norder 0
set nwording 0
foreach line $lines r $results {
    set text "AO[incr n]: [list $line] -> \[[kind $line $r]\] [dict get $rid $r]"
    foreach o $others {
        lassign $o level rest
        set r2 [lindex $rest [expr {$n - 1}]]
        if {$r2 eq $r} {
            append text " | $level: same"
        } elseif {[kind $line $r2] ne [kind $line $r]} {
            append text " | $level: \[[kind $line $r2]\] [dict get $rid $r2] ORDER"
            incr norder
        } else {
            append text " | $level: [dict get $rid $r2] WORDING"
            incr nwording
        }
    }
    puts $text
}
puts "# [llength $lines] lines; compared: $norder ORDER, $nwording WORDING"
