# ---
# id: 0429
# title: an accept command run by a vwait inside a proc of another namespace runs once with its arguments, in that proc's frame and namespace as in tclsh 8.6.13 or at global level
# clauses: [server.accept.callback-level, server.accept.command-prefix, server.accept.callback-args]
# readings: [callback-level:global, callback-level:current-frame]
# requires: [ipv4]
# timeout: 10
# ---
# The manual does not say where the command runs (ambiguity callback-level). tclsh 8.6.13 runs
# it in the frame of whatever runs the event loop: from a vwait in ::ns::wait, the command
# below sets wait's local variable "where" and calls ::ns::accept; Tcl 9.0.4 runs
# it at global level (::where, ::accept). Both conform; tclsh 8.6.13's is compared
# (spec/observations/callbacks.tcl CB3, CB11).
proc accept {chan addr port} {
    lappend ::calls [list ::accept $chan $addr]
}
namespace eval ::ns {
    proc accept {chan addr port} {
        lappend ::calls [list ::ns::accept $chan $addr]
    }
    proc wait {port} {
        # The vwait runs here, in this proc (the prelude's wait_* would run it in their own).
        set c [socket 127.0.0.1 $port]
        set id [after 5000 {lappend ::calls timeout}]
        vwait ::calls
        after cancel $id
        close $c
        return [list [info exists where] [info exists ::where] [info exists ::ns::where]]
    }
}
# The command is a list (a lambda), so that it means the same whether an implementation reads it
# as a script or as a list of words (ambiguity callback-form, 0426): it sets "where" and calls
# "accept" in the frame and namespace it is evaluated in (uplevel 1 from the lambda).
set srv [socket -server {apply {{chan addr port} {
    uplevel 1 [list set where local]
    uplevel 1 [list accept $chan $addr $port]
}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set seen [ns::wait $port]
assert {$::calls ne "timeout"} "the command ran within 5 s"
after 100 {set ::settled 1}
vwait ::settled
assert_equal 1 [llength $::calls] "the command ran once"
lassign [lindex $::calls 0] which chan addr
assert {$which in {::accept ::ns::accept}} "a command named accept ran ($which)"
assert_equal 127.0.0.1 $addr "with the client's address"
observe accept.level [list $which $seen]
compat assert_equal {::ns::accept {1 0 0}} [list $which $seen] \
    "tclsh 8.6.13 runs the command in the frame and namespace of the vwait's proc"
close $chan
close $srv
