# setup.tcl -- make refsock the interpreter's socket command.
#
# The sockconf harness sources this file in a fresh tclsh8.6 (tclsh9.0 for
# build/ref9) before each case, with REFSOCK_BUILD set to the absolute path
# of a build variant directory (build/ref, build/asan, build/cov or
# build/ref9). Without it, build/ref next to this file is used. Afterwards
# ::socket is refsock's command (so unchanged scripts use it),
# ::refsock::socket names the same command, and Tcl's own command stays
# reachable as ::refsock::builtin_socket.
#
# The build's pkgIndex.tcl is sourced directly (with $dir set, as package
# loading does) rather than found through auto_path: `package require` of a
# package nobody has declared yet makes Tcl read every pkgIndex.tcl on
# auto_path first, which costs several milliseconds at every case's start.

if {[info exists ::env(REFSOCK_BUILD)] && $::env(REFSOCK_BUILD) ne ""} {
    set dir $::env(REFSOCK_BUILD)
} else {
    set dir [file join [file dirname [file normalize [info script]]] build ref]
}
source [file join $dir pkgIndex.tcl]
unset dir
package require refsock
rename ::socket ::refsock::builtin_socket
rename ::refsock::socket ::socket
interp alias {} ::refsock::socket {} ::socket
