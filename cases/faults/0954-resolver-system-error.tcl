# ---
# id: 0954
# title: a name lookup that fails with a system error (EAI_SYSTEM) fails the command with that errno as a POSIX error and leaves no channel
# clauses: [args.resolver-system-error, args.failure-leaves-no-channel, args.errorcode-posix, args.error-message-form]
# requires: [fault-shim]
# readings: [errno-texts:tcl-table, errno-texts:libc-strerror, errno-texts:any]
# timeout: 10
# includes: [faults.tcl]
# ---
# getaddrinfo() reports failures of its own system calls (a process out of
# descriptors cannot open the hosts file) as EAI_SYSTEM with errno set. That
# is a system error like any other: the POSIX symbol of errno belongs in
# -errorcode, not the resolver's generic text. The fault shim
# (harness/native/fault.c, preloaded in every namespace
# profile: capability fault-shim) makes every getaddrinfo() fail so, for a client (also
# -async and with -myaddr) and for a server.
set srv [socket -server {apply {args {}}} -myaddr localhost 0]
set port [lindex [chan configure $srv -sockname] 2]
set before [lsort [chan names]]
set forms [dict create \
    client [list socket localhost $port] \
    async [list socket -async localhost $port] \
    myaddr [list socket -myaddr localhost localhost $port] \
    server [list socket -server {apply {args {}}} -myaddr localhost 0] \
    wildcard [list socket -server {apply {args {}}} 0]]
dict for {form cmd} $forms {
    set msg [with_fault getaddrinfo:EMFILE {
        assert_error -code {POSIX EMFILE *} \
            -compat-message {couldn't open socket: too many open files} \
            -compat-code {POSIX EMFILE {too many open files}} \
            ?* $cmd
    }]
    observe error.$form $msg
}
assert_equal $before [lsort [chan names]] "the failed commands leave no channel behind"
close $srv
