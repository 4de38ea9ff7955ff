# driver.tcl -- runs one sockconf case in a fresh interpreter.
#
# Usage: <interpreter> driver.tcl REPORT CASE-FILE ?SETUP-SCRIPT? ?INCLUDE...?
#
# Order: open the report file, load the prelude, source the target's setup
# script (which may replace ::socket with the implementation under test; ""
# for none), source the case's includes, then source the case at global level.
# Any uncaught error, in the case or in an event handler, ends the case with an
# "error" record; the harness turns the records into a verdict
# (spec/INTERPRETING.md).

if {[llength $argv] < 2} {
    puts stderr "usage: driver.tcl report-file case-file ?setup-script? ?include ...?"
    exit 2
}
lassign $argv sockconf_report sockconf_case sockconf_setup
set sockconf_includes [lrange $argv 3 end]

source [file join [file dirname [file normalize [info script]]] prelude.tcl]

# The report channel is a pipe the harness passed down (/proc/self/fd/N), or an
# empty file another runner made: opened for writing without a seek.
set ::sockconf::report [open $sockconf_report {WRONLY}]
chan configure $::sockconf::report -encoding utf-8 -translation lf -buffering line
set ::sockconf::case [file normalize $sockconf_case]
unset sockconf_report sockconf_case

# ::sockconf::finish --
#       Write the closing record and leave the interpreter.
proc ::sockconf::finish {} {
    emit done checks $::sockconf::checks
    close $::sockconf::report
    exit 0
}

# ::sockconf::uncaught --
#       Record an error that escaped the case; assertion failures have
#       already written their record and only unwind.
proc ::sockconf::uncaught {where message opts} {
    set code [dict get $opts -errorcode]
    if {[lrange $code 0 0] eq "SOCKCONF" && $::sockconf::finished} {
        return
    }
    # The case file's line is the one errorInfo gives for the file itself
    # ("(file "..." line N)"); -errorline would count from the source command.
    set line {}
    set info [dict get $opts -errorinfo]
    foreach {- file n} [regexp -all -inline {\(file "([^"]*)" line (\d+)\)} $info] {
        if {[file normalize $file] eq $::sockconf::case} {
            set line $n
            break
        }
    }
    terminal error message "$where: $message" errorcode $code \
        info [dict get $opts -errorinfo] line $line
}

# An error in an event handler ends the case: it would otherwise be printed
# and forgotten while the case waits.
interp bgerror {} [list apply {{message opts} {
    ::sockconf::uncaught "background error" $message $opts
    ::sockconf::finish
}}]

::sockconf::emit start tcl [info patchlevel] pid [pid]

# The setup script stays known to the case ("" for none), so a case can make
# the implementation under test the socket command of a child interpreter too.
set ::sockconf::setup $sockconf_setup

if {$sockconf_setup ne {}} {
    if {[catch {uplevel #0 [list source $sockconf_setup]} message opts]} {
        ::sockconf::uncaught "target setup ($sockconf_setup)" $message $opts
        ::sockconf::finish
    }
}
foreach sockconf_include $sockconf_includes {
    if {[catch {uplevel #0 [list source $sockconf_include]} message opts]} {
        ::sockconf::uncaught "include ($sockconf_include)" $message $opts
        ::sockconf::finish
    }
}
unset -nocomplain sockconf_setup sockconf_includes sockconf_include

set ::sockconf::rc [catch {uplevel #0 [list source $::sockconf::case]} \
    ::sockconf::message ::sockconf::opts]
if {$::sockconf::rc == 1} {
    ::sockconf::uncaught case $::sockconf::message $::sockconf::opts
} elseif {$::sockconf::rc > 2} {
    ::sockconf::terminal error \
        message "case: break or continue outside a loop (code $::sockconf::rc)"
}
::sockconf::finish
