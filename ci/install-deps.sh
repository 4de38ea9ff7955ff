#!/bin/sh
# install-deps.sh -- install the Debian packages sockconf needs, if missing.
# Idempotent. As root it runs apt-get; otherwise it prints the exact apt-get
# line and exits 2. Usage: ci/install-deps.sh [extra-package...]
set -eu

packages="tcl8.6 tcl8.6-dev python3 python3-venv python3-pip python3-setuptools python3-pytest
python3-pytest-xdist python3-yaml python3-jinja2 python3-matplotlib python3-junitparser
python3-jsonschema python3-lxml libxml2-utils gcc make libc6-dev
lcov valgrind iproute2 nftables procps util-linux tcl-tls openssl $*"

missing=""
for p in $packages; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    echo "sockconf: missing Debian packages; run as root:" >&2
    echo "  apt-get update && apt-get install -y$missing" >&2
    exit 2
fi
echo "sockconf: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing
