#!/bin/sh
# make-cert.sh FOLDER -- the run-time files of target tls (harness/targets.toml,
# key prepare): a throw-away self-signed certificate, FOLDER/cert.pem, and its
# key, FOLDER/key.pem, for the servers of harness/tls/setup.tcl. The harness
# runs it once per process of a run, in a fresh folder it removes at exit;
# nothing is committed. The key is readable by others because the sandboxed
# interpreter may run as an unprivileged user; it protects nothing.
set -eu
[ $# -eq 1 ] && [ -d "$1" ] || { echo "usage: make-cert.sh FOLDER" >&2; exit 2; }
command -v openssl >/dev/null 2>&1 || {
    echo "openssl is not installed (ci/install-deps.sh installs it)" >&2; exit 1; }
if ! openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
        -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1 \
        -keyout "$1/key.pem" -out "$1/cert.pem" >"$1/openssl.log" 2>&1; then
    tail -n 1 "$1/openssl.log" >&2
    exit 1
fi
rm -f "$1/openssl.log"
chmod 0644 "$1/cert.pem" "$1/key.pem"
