#!/bin/sh
# install-axe.sh -- axe-core, the accessibility checker the HTML report's browser test
# (harness/tests/test_report_browser.py) injects into the pages, at a pinned version,
# from the npm registry into a cache folder (as root /var/cache/sockconf, else
# ~/.cache/sockconf). It is a test tool only: no page ships it. Idempotent; prints the
# path of axe.min.js. Needs npm (Debian's npm package, or the one of a nodejs install).
set -eu

version=4.14.1
if [ "$(id -u)" -eq 0 ]; then cache=/var/cache/sockconf; else cache=${HOME:-/nonexistent}/.cache/sockconf; fi
dir=$cache/axe-core-$version
script=$dir/node_modules/axe-core/axe.min.js

if [ ! -f "$script" ]; then
    if ! command -v npm >/dev/null 2>&1; then
        if [ "$(id -u)" -ne 0 ]; then
            echo "sockconf: npm is missing; run as root: apt-get update && apt-get install -y npm" >&2
            exit 2
        fi
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends npm >&2
    fi
    mkdir -p "$dir"
    # the exact version; npm checks the tarball against the registry's integrity hash
    npm install --prefix "$dir" --no-save --no-audit --no-fund --no-package-lock --ignore-scripts \
        "axe-core@$version" >&2
    [ -f "$script" ] || { echo "sockconf: axe-core $version did not install into $dir" >&2; exit 2; }
fi
echo "$script"
