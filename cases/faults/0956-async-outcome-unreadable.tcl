# ---
# id: 0956
# title: an -async connect whose outcome cannot be read (getsockopt SO_ERROR fails) ends as failed, with the writable event, a non-empty -error and failing I/O
# clauses: [client.async.unknown-outcome-failure, client.async.failure-event, option.error.async-failure, client.async.io-after-failure]
# requires: [fault-shim]
# readings: [failure-event:writable-on-failure-completed, failure-event:writable-on-failure-maybe-pending, errno-texts:tcl-table, errno-texts:libc-strerror, errno-texts:any]
# timeout: 15
# includes: [faults.tcl]
# ---
# Once a background connect has ended, only getsockopt(SO_ERROR) tells
# whether it succeeded. If that call fails, the implementation cannot know
# that the connection works, and must not report it as established. The fault
# shim (harness/native/fault.c, preloaded in every namespace profile: capability fault-shim) makes getsockopt(SO_ERROR) fail with ENOBUFS
# until the writable event has fired. Which error -error then names is the
# implementation's (tclsh 8.6.13 says "host is unreachable", having no other
# address to try): observed.
set srv [socket -server {apply {{chan addr port} {lappend ::accepted $chan}}} -myaddr localhost 0]
set port [lindex [chan configure $srv -sockname] 2]
with_fault getsockopt/error:ENOBUFS {
    set s [socket -async localhost $port]
    chan event $s writable [list set ::event fired]
    set timer [after 5000 [list set ::event "no event within 5 s"]]
    vwait ::event
    after cancel $timer
    chan event $s writable {}
}
assert_equal fired $::event "the writable event fires when the connect has ended"
assert_equal 0 [chan configure $s -connecting] "the connect is no longer in progress"
set err [chan configure $s -error]
observe error.first $err
assert {$err ne ""} "-error reports a failure: the outcome could not be read"
set rc [catch {puts $s "not sent"; flush $s} msg opts]
assert_equal 1 $rc "writing to the failed socket fails"
observe error.write [string map [list $s CHAN] $msg]
compat assert_equal "error flushing \"$s\": socket is not connected" $msg "the message of tclsh 8.6.13"
catch {close $s}
if {[info exists ::accepted]} {
    foreach chan $::accepted {close $chan}
}
close $srv
