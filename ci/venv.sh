#!/bin/sh
# venv.sh -- make (or refresh) .venv, the virtual environment the harness runs in.
#
#   ci/venv.sh            quiet when .venv is up to date; one line when it makes it
#
# .venv uses Debian's /usr/bin/python3 and sees Debian's packages (pytest, pytest-xdist,
# PyYAML, Jinja2, junitparser, jsonschema: ci/install-deps.sh), so nothing is fetched; into it
# pip installs this checkout's package (pyproject.toml), editable, offline: the `sockconf`
# command and the pytest plugin's entry point. It is remade when pyproject.toml or the
# checkout's folder changes. Exits 2 with one line when it cannot be made.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
venv=$root/.venv
want="$(sha256sum "$root/pyproject.toml" | cut -c1-64) $root"
fresh() { [ -x "$venv/bin/sockconf" ] && [ "$(cat "$venv/.sockconf-stamp" 2>/dev/null)" = "$want" ]; }
fresh && exit 0
exec 9>"$root/.venv.lock"
flock 9
fresh && exit 0                         # another process made it meanwhile
py=/usr/bin/python3
[ -x "$py" ] || { echo "sockconf: /usr/bin/python3 is missing (ci/install-deps.sh)" >&2; exit 2; }
rm -rf "$venv"
if ! "$py" -m venv --system-site-packages --without-pip "$venv" >"$root/.venv.log" 2>&1 ||
   ! "$py" -m pip --python "$venv/bin/python" install --quiet --no-deps --no-build-isolation \
        --no-index --disable-pip-version-check --editable "$root" >>"$root/.venv.log" 2>&1; then
    echo "sockconf: cannot make .venv ($(tail -n 1 "$root/.venv.log"); python3-venv and python3-pip: ci/install-deps.sh)" >&2
    rm -rf "$venv"
    exit 2
fi
rm -f "$root/.venv.log"
echo "$want" >"$venv/.sockconf-stamp"
echo "sockconf: made .venv (the harness installed, editable, with Debian's packages)" >&2
