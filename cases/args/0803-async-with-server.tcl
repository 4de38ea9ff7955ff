# ---
# id: 0803
# title: -async together with -server is rejected
# clauses: [args.async-with-server]
# timeout: 5
# ---
assert_error {cannot set -async option for server sockets} {socket -server accept -async 0}
assert {[llength [lsearch -all -inline [chan names] sock*]] == 0} "no server socket is left open"
