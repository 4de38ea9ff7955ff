# setup.tcl -- make refsock the interpreter's socket command.
#
# The sockconf harness sources this file in a fresh tclsh8.6 (tclsh9.0 for
# build/ref9) before each case, with REFSOCK_BUILD set to the absolute path
# of a build variant directory (build/ref, build/asan, build/cov or
# build/ref9). Without it, build/ref next to this file is used. Afterwards
# ::socket is refsock's command (so unchanged scripts use it),
# ::refsock::socket names the same command, and Tcl's own command stays
# reachable as ::refsock::builtin_socket.

if {[info exists ::env(REFSOCK_BUILD)] && $::env(REFSOCK_BUILD) ne ""} {
    lappend ::auto_path $::env(REFSOCK_BUILD)
} else {
    lappend ::auto_path [file join [file dirname [file normalize [info script]]] build ref]
}
package require refsock
rename ::socket ::refsock::builtin_socket
rename ::refsock::socket ::socket
interp alias {} ::refsock::socket {} ::socket
