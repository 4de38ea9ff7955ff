# ---
# id: 0978
# title: with a name resolver that takes 800 ms, socket -async returns before or after the resolution and the connect then completes, falling back to the name's next address
# clauses: [client.async.returns-immediately, client.async.success-event, client.async.next-address, client.async.verify-success]
# readings: [async-resolution:before-return, async-resolution:in-background]
# requires: [fault-shim, dual-stack]
# profiles: [dual]
# includes: [faults.tcl]
# timeout: 20
# ---
# The manual: with -async the socket is created at once and the connect goes
# on in the background. Whether the name is resolved before the command
# returns is the implementation's choice (ambiguity async-resolution): the
# case measures how long the command took and observes which reading that
# is. The fault shim makes every getaddrinfo take 800 ms while the fault is
# armed, until the connect has completed. localhost is ::1, then 127.0.0.1
# here, and the server listens on 127.0.0.1 alone: the first attempt is
# refused and the background connect must go on to the next address.
set srv [socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
with_fault getaddrinfo:DELAY=800 {
    set t0 [clock milliseconds]
    set s [socket -async localhost $port]
    set took [expr {[clock milliseconds] - $t0}]
    chan event $s writable [list set ::event fired]
    set timer [after 8000 [list set ::event "no event within 8 s"]]
    vwait ::event
    after cancel $timer
    chan event $s writable {}
}
measure return.ms $took
set reading [expr {$took >= 700 ? "before-return" : "in-background"}]
observe resolution.reading $reading
compat assert_equal before-return $reading "tclsh 8.6.13 resolves the name before -async returns"
assert_equal fired $::event "the writable event reports the end of the connect"
assert_equal 0 [chan configure $s -connecting] "the connect is no longer in progress"
assert_equal {} [chan configure $s -error] "the connect succeeded, on the second address"
wait_for ::accepted 5000
puts $s "after a slow resolver"
flush $s
assert_equal "after a slow resolver" [gets $::accepted] "the connection carries data"
close $s
close $::accepted
close $srv
