# ---
# id: 0727
# title: sockets whose descriptors are above FD_SETSIZE accept and fire their readable event when a line arrives, the event loop first running once the descriptors are open
# clauses: [server.accept.automatic, description.channel.io]
# requires: [ipv4]
# includes: [many-descriptors.tcl]
# profiles: [host]
# timeout: 20
# ---
# As 0726, but the child process opens its 1100 files before anything has
# run its event loop: a notifier that starts on first use (a thread and its
# wake-up pipe, in a threaded Tcl) starts with every low descriptor taken.
set outcome [above_fd_setsize after]
# the kind is the fact to compare; the whole outcome is in the failure message
observe outcome [above_fd_setsize_kind $outcome]
assert_equal "line read" $outcome "a server and client above FD_SETSIZE accept and read a line through the event loop, the loop first running after the descriptors were opened"
