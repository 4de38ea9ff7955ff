# ---
# id: 0721
# title: a socket switched to nonblocking and back to blocking waits again in gets for a late line
# clauses: [client.sync.switch-nonblocking, description.channel.io]
# requires: [ipv4]
# timeout: 15
# ---
# The peer must send while this interpreter is blocked in gets, so it runs in a
# child interpreter (this executable, with its own built-in socket). It sends
# nothing until it reads "go", which this side writes only once the socket is
# blocking again; then it waits 200 ms and sends one line. No fixed delay
# decides the outcome, so a slow interpreter (valgrind) gives the same verdict.
set srv [socket -server {apply {{chan addr port} {set ::accepted $chan}}} -myaddr 127.0.0.1 0]
set port [lindex [chan configure $srv -sockname] 2]
set kid [open |[list [info nameofexecutable]] w]
puts $kid [string map [list @PORT@ $port] {
    set s [socket 127.0.0.1 @PORT@]
    chan configure $s -buffering line
    gets $s
    after 200
    puts $s "late line"
    close $s
    exit 0
}]
flush $kid
wait_for ::accepted 5000
set a $::accepted
chan configure $a -blocking 0
assert_equal -1 [gets $a line] "nonblocking: nothing yet, gets returns at once"
assert_equal 1 [fblocked $a] "nonblocking: fblocked"
chan configure $a -blocking 1
assert_equal 1 [chan configure $a -blocking] "the socket is blocking again"
puts $a go
flush $a
set t0 [clock milliseconds]
set n [gets $a line]
set waited [expr {[clock milliseconds] - $t0}]
assert_equal "late line" $line "blocking gets returns the line sent later"
measure blocking-gets.waited-ms $waited
close $a
close $kid
close $srv
