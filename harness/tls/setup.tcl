# setup.tcl -- make TclTLS's tls::socket the interpreter's socket command
# (target tls, harness/targets.toml).
#
# Both ends of a case are TLS: a server made with `socket -server` presents
# the throw-away certificate the harness made for this run (harness/tls/
# make-cert.sh, in the folder named by SOCKCONF_TLS_DIR), a client accepts it
# without verification (tls::socket's default -require 0), so a loopback
# handshake succeeds with no CA. Each end negotiates what TclTLS and OpenSSL
# choose by default (TLS 1.3 with Debian 12's OpenSSL 3).
#
# The harness sources this file before each case, and a case sources it again
# (::sockconf::setup) in a child interpreter or a peer process, so it is
# idempotent: sourced twice in one interpreter it changes nothing. TclTLS
# makes its TCP socket with the command in ::tls::socketCmd, which is Tcl's
# own socket kept as ::sockconf_tls::tcp_socket; ::socket is the wrapper.

if {[info commands ::sockconf_tls::tcp_socket] eq ""} {
    if {![info exists ::env(SOCKCONF_TLS_DIR)]} {
        error "SOCKCONF_TLS_DIR is not set: the harness names the folder of the run's certificate"
    }
    package require tls 1.7
    namespace eval ::sockconf_tls {
        variable dir $::env(SOCKCONF_TLS_DIR)
        variable cert [file join $dir cert.pem]
        variable key [file join $dir key.pem]
    }
    foreach f [list $::sockconf_tls::cert $::sockconf_tls::key] {
        if {![file readable $f]} {
            error "TLS setup: $f is not readable (the harness makes it at the start of a run)"
        }
    }
    unset f
    rename ::socket ::sockconf_tls::tcp_socket
    set ::tls::socketCmd ::sockconf_tls::tcp_socket

    # socket ?args? --
    #       tls::socket, with the run's certificate and key for a server.
    proc ::socket {args} {
        if {"-server" in $args} {
            set args [linsert $args 0 -certfile $::sockconf_tls::cert \
                -keyfile $::sockconf_tls::key]
        }
        uplevel 1 [list ::tls::socket {*}$args]
    }
}
