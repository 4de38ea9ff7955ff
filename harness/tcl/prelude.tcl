# prelude.tcl -- the few procedures every sockconf case may use.
#
# The runner contract is spec/INTERPRETING.md. In short: a case reports only
# through these procedures, which write one JSON object per line to the report
# file named by the driver (never stdout, so an implementation that prints
# cannot forge a result). The first terminal record (fail, error) decides
# the verdict; "done" without one is a pass. A case cannot skip: skips are
# the harness's, decided before the interpreter starts (requires:, params:).
#
# Two levels of assertion: a plain assertion checks what the manual requires
# (conformance) and ends the case when it fails; the same assertion run
# through `compat` checks what tclsh 8.6.13 does where the manual leaves a
# choice (compatibility): a difference is recorded and the case goes on.
#
# Public procedures (global namespace):
#   assert_equal EXPECTED ACTUAL ?MESSAGE?
#   assert_match PATTERN ACTUAL ?MESSAGE?        glob match
#   assert_regexp RE ACTUAL ?MESSAGE?
#   assert EXPR ?MESSAGE?                         expr evaluated in the caller
#   assert_error ?-code PATTERN? ?-compat-message TEXT? ?-compat-code LIST?
#                ?-regexp? MESSAGE-PATTERN SCRIPT
#   compat ASSERTION ?ARG ...?                    compatibility level
#   observe KEY VALUE
#   measure KEY VALUE
#   param NAME
#   wait_for VARNAME ?MS?
#   wait_event CHAN readable|writable ?MS?
#   wait_until SCRIPT ?MS?
#   free_port ?ADDR?

namespace eval ::sockconf {
    variable report {}      ;# channel of the report file
    variable case {}        ;# normalized path of the case file
    variable finished 0     ;# a terminal record has been written
    variable seq 0
    variable level must     ;# "compat" while an assertion runs through compat
    variable checks 0       ;# compatibility checks made
}

# ::sockconf::json --
#       Quote a string as a JSON string literal.
proc ::sockconf::json {s} {
    set out {"}
    foreach ch [split $s {}] {
        scan $ch %c code
        switch -- $ch {
            "\"" {append out {\"}}
            "\\" {append out {\\}}
            "\n" {append out {\n}}
            "\r" {append out {\r}}
            "\t" {append out {\t}}
            default {
                if {$code < 0x20} {
                    append out [format {\u%04x} $code]
                } else {
                    append out $ch
                }
            }
        }
    }
    append out {"}
}

# ::sockconf::emit --
#       Write one record (a dict of string values) as a JSON line and flush.
proc ::sockconf::emit {type args} {
    variable report
    set fields [list "\"t\":[json $type]"]
    foreach {k v} $args {
        lappend fields "[json $k]:[json $v]"
    }
    puts $report "\{[join $fields ,]\}"
    flush $report
}

# ::sockconf::caseline --
#       The line of the case file from which the current assertion was called
#       (the innermost frame that belongs to the case file), or "" if none.
proc ::sockconf::caseline {} {
    variable case
    for {set level [expr {[info frame] - 1}]} {$level > 0} {incr level -1} {
        set f [info frame $level]
        if {[dict exists $f file] && [dict exists $f line]
                && [file normalize [dict get $f file]] eq $case} {
            return [dict get $f line]
        }
    }
    return {}
}

# ::sockconf::terminal --
#       Write a terminal record (fail, error) once; later ones are ignored
#       because the first cause decides the verdict.
proc ::sockconf::terminal {type args} {
    variable finished
    if {$finished} {
        return
    }
    set finished 1
    emit $type {*}$args
}

# ::sockconf::fail --
#       Record a failed assertion. At the conformance level, unwind the case
#       with a SOCKCONF error; at the compatibility level (inside `compat`),
#       record the difference and let the assertion return normally, so the
#       case goes on to its next check.
proc ::sockconf::fail {message expected actual} {
    variable level
    if {$level eq "compat"} {
        emit compat message $message expected $expected actual $actual \
            line [caseline]
        return -level 2 {}
    }
    terminal fail message $message expected $expected actual $actual \
        line [caseline]
    return -level 2 -code error -errorcode {SOCKCONF FAIL} $message
}

# compat --
#       Run one assertion (ASSERTION ?ARG ...?, in the caller) at the
#       compatibility level: EXPECTED is what tclsh 8.6.13 gives where the
#       manual leaves the choice to the implementation. A difference is a
#       "compat" record, not a failure. Errors other than assertion failures
#       (a broken case) propagate as usual.
#
# Results:
#       The assertion's result.
proc compat {args} {
    if {[llength $args] == 0} {
        error "wrong # args: should be \"compat assertion ?arg ...?\""
    }
    set cmd [lindex $args 0]
    if {$cmd ni {assert_equal assert_match assert_regexp assert}} {
        error "compat: $cmd is not an assertion (assert_equal, assert_match,\
            assert_regexp, assert; assert_error has -compat-message and\
            -compat-code)"
    }
    incr ::sockconf::checks
    set saved $::sockconf::level
    set ::sockconf::level compat
    try {
        return [uplevel 1 $args]
    } finally {
        set ::sockconf::level $saved
    }
}

proc assert_equal {expected actual {message {}}} {
    if {$expected ne $actual} {
        if {$message eq {}} {set message "values differ"}
        ::sockconf::fail $message $expected $actual
    }
}

proc assert_match {pattern actual {message {}}} {
    if {![string match $pattern $actual]} {
        if {$message eq {}} {set message "value does not match the pattern"}
        ::sockconf::fail $message "glob: $pattern" $actual
    }
}

proc assert_regexp {re actual {message {}}} {
    if {![regexp -- $re $actual]} {
        if {$message eq {}} {set message "value does not match the expression"}
        ::sockconf::fail $message "regexp: $re" $actual
    }
}

proc assert {expression {message {}}} {
    if {![uplevel 1 [list expr $expression]]} {
        if {$message eq {}} {set message "assertion is false"}
        ::sockconf::fail $message "true: $expression" \
            [uplevel 1 [list subst $expression]]
    }
}

# assert_error --
#       Run SCRIPT in the caller; it must raise an error whose message matches
#       MESSAGE-PATTERN (glob, or regexp with -regexp) and, with -code, whose
#       -errorcode matches PATTERN (glob on the list's string form). Those are
#       conformance checks. -compat-message TEXT and -compat-code LIST are
#       compatibility checks of the same error: the exact message and
#       -errorcode tclsh 8.6.13 gives (compared as strings, not patterns),
#       recorded as differences when they are not the same.
#
# Results:
#       The error message.
proc assert_error {args} {
    set codepat {}
    set compatmsg {}
    set compatcode {}
    set mode glob
    while {[string match -* [lindex $args 0]] && [llength $args] > 2} {
        set args [lassign $args opt]
        switch -- $opt {
            -code           {set args [lassign $args codepat]}
            -compat-code    {set args [lassign $args compatcode]}
            -compat-message {set args [lassign $args compatmsg]}
            -regexp         {set mode regexp}
            default {error "assert_error: unknown option $opt"}
        }
    }
    if {[llength $args] != 2} {
        error "wrong # args: should be \"assert_error ?-code pattern? ?-regexp? pattern script\""
    }
    lassign $args pattern script
    set rc [catch {uplevel 1 $script} result opts]
    if {$rc != 1} {
        ::sockconf::fail "script did not raise an error" \
            "error matching $mode: $pattern" "code $rc, result: $result"
    }
    if {$mode eq "glob"} {
        set ok [string match $pattern $result]
    } else {
        set ok [regexp -- $pattern $result]
    }
    if {!$ok} {
        ::sockconf::fail "error message does not match" "$mode: $pattern" $result
    }
    if {$codepat ne {}} {
        set code [dict get $opts -errorcode]
        if {![string match $codepat $code]} {
            ::sockconf::fail "-errorcode does not match" "glob: $codepat" $code
        }
    }
    if {$compatmsg ne {}} {
        uplevel 1 [list compat assert_equal $compatmsg $result \
            "error message differs from tclsh 8.6.13's"]
    }
    if {$compatcode ne {}} {
        uplevel 1 [list compat assert_equal $compatcode \
            [dict get $opts -errorcode] "-errorcode differs from tclsh 8.6.13's"]
    }
    return $result
}

# observe --
#       Record an implementation-defined fact (an error text, an order, a host
#       name); it feeds the diff report and is never a verdict.
proc observe {key value} {
    ::sockconf::emit observe key $key value $value
}

# measure --
#       Record a measurement (a time, a number of polls): stored with the
#       result, never compared between runs or implementations.
proc measure {key value} {
    ::sockconf::emit measure key $key value $value
}

# param --
#       A value the profile declares (environment SOCKCONF_P_<NAME>), such as
#       an extra local address. The case lists NAME in its frontmatter's
#       params:, and the harness runs it only in profiles that declare it, so
#       a missing parameter is an error of the case, never a skip.
proc param {name} {
    set var SOCKCONF_P_[string toupper [string map {- _ . _} $name]]
    if {![info exists ::env($var)]} {
        error "param: the profile declares no parameter $name (list it in\
            the frontmatter's params:)"
    }
    return $::env($var)
}

# wait_for --
#       Run the event loop until the global variable VARNAME is set, at most MS
#       milliseconds; a timeout is a failed assertion.
proc wait_for {varname {ms 2000}} {
    upvar #0 $varname var
    if {[info exists var]} {
        return $var
    }
    set token ::sockconf::timer[incr ::sockconf::seq]
    set id [after $ms [list set $token 1]]
    trace add variable var write [list apply {{token args} {set $token 0}} $token]
    vwait $token
    after cancel $id
    trace remove variable var write [list apply {{token args} {set $token 0}} $token]
    set timedout [set $token]
    unset $token
    if {$timedout} {
        ::sockconf::fail "timed out waiting for $varname" "$varname set within ${ms}ms" \
            "not set"
    }
    return $var
}

# wait_event --
#       Run the event loop until CHAN is readable or writable (WHICH), at most MS
#       milliseconds; the handler is removed afterwards. A timeout fails.
proc wait_event {chan which {ms 2000}} {
    set token ::sockconf::ev[incr ::sockconf::seq]
    set id [after $ms [list set $token timeout]]
    chan event $chan $which [list set $token fired]
    vwait $token
    after cancel $id
    if {$chan in [chan names]} {
        chan event $chan $which {}
    }
    set what [set $token]
    unset $token
    if {$what ne "fired"} {
        ::sockconf::fail "timed out waiting for $which event on $chan" \
            "$which within ${ms}ms" "no event"
    }
    return 1
}

# wait_until --
#       Run the event loop until SCRIPT (evaluated in the caller as an expr)
#       is true, polling every 10ms, at most MS milliseconds. A timeout fails.
proc wait_until {script {ms 2000}} {
    set deadline [expr {[clock milliseconds] + $ms}]
    while {![uplevel 1 [list expr $script]]} {
        if {[clock milliseconds] > $deadline} {
            ::sockconf::fail "timed out waiting for condition" "true: $script" \
                "false after ${ms}ms"
        }
        set token ::sockconf::tick[incr ::sockconf::seq]
        after 10 [list set $token 1]
        vwait $token
        unset $token
    }
    return 1
}

# free_port --
#       A TCP port on ADDR with no listener at the moment of return (the port
#       a port-0 server got, closed again), found with the socket command
#       under test.
proc free_port {{addr 127.0.0.1}} {
    set srv [socket -server {apply {args {}}} -myaddr $addr 0]
    set port [lindex [chan configure $srv -sockname] 2]
    close $srv
    return $port
}
