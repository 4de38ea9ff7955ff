# ---
# id: 0424
# title: an accepted channel starts in blocking mode, so gets waits for a line the client sends later
# clauses: [server.accepted.read-write, server.accept.new-channel]
# requires: [ipv4]
# timeout: 15
# ---
# The client must send while this interpreter is blocked in gets, so it runs in
# a child process (this executable, its own built-in socket). It sends nothing
# until it reads "go", then waits 200 ms and sends one line. The accepted
# channel is used as it comes from the server, never reconfigured.
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
assert_equal 1 [chan configure $a -blocking] "the accepted channel is blocking"
puts $a go
flush $a
set n [gets $a line]
assert_equal "late line" $line "blocking gets returns the line sent later"
assert_equal 0 [fblocked $a] "and did not come back blocked"
close $a
close $kid
close $srv
