# ---
# id: 0604
# title: -connecting on a server socket never reports a connect in progress
# clauses: [option.connecting.server-unsupported]
# readings: [server-unsupported:error, server-unsupported:empty-or-neutral, server-unsupported:unknown-option]
# requires: [ipv4]
# timeout: 5
# ---
# "Not supported by server sockets": ambiguities.yaml server-unsupported accepts
# an error, an empty value or 0, and rejects 1.
set srv [socket -server {apply {{chan addr port} {close $chan}}} -myaddr 127.0.0.1 0]
if {[catch {chan configure $srv -connecting} value]} {
    observe server.connecting [list error $value]
} else {
    assert {$value in {"" 0}} "a server is never connecting: -connecting is empty or 0"
    observe server.connecting [list value $value]
}
close $srv
