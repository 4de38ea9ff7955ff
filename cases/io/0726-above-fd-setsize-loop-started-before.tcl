# ---
# id: 0726
# title: sockets whose descriptors are above FD_SETSIZE accept and fire their readable event when a line arrives, the event loop having run before the descriptors were opened
# clauses: [server.accept.automatic, description.channel.io]
# requires: [ipv4]
# includes: [many-descriptors.tcl]
# profiles: [host]
# timeout: 20
# ---
# The manual sets no limit on the descriptors a socket may have: a program with
# more than FD_SETSIZE (1024) files open still gets working sockets. A notifier
# built on select(2) cannot name such a descriptor in an fd_set. The child
# process (the target's interpreter and setup) runs its event loop once, then
# opens 1100 files, so its server and client sockets are all above 1100.
set outcome [above_fd_setsize before]
# the kind is the fact to compare; the whole outcome is in the failure message
observe outcome [above_fd_setsize_kind $outcome]
assert_equal "line read" $outcome "a server and client above FD_SETSIZE accept and read a line through the event loop"
