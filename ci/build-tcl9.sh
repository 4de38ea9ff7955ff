#!/bin/sh
# build-tcl9.sh -- build Tcl 9.0 from a source tarball into a cached prefix.
#
#   ci/build-tcl9.sh TARBALL [PREFIX]
#
# PREFIX defaults to what `make print-tcl9-prefix` says (/var/cache/sockconf/tcl9.0
# as root, ~/.cache/sockconf/tcl9.0 otherwise). The prefix records the sha256 of
# the tarball it was built from (PREFIX/.sockconf-source); when that matches and
# PREFIX/bin/tclsh9.0 answers, nothing is built. Otherwise the tarball is
# unpacked in a temporary folder, configured, built with make -j2 and installed
# into PREFIX, and the temporary folder is removed. Prints one line saying what
# it did; exits 2 with one line on bad usage.
set -eu

usage() { echo "usage: ci/build-tcl9.sh TARBALL [PREFIX]" >&2; exit 2; }
[ $# -ge 1 ] && [ $# -le 2 ] || usage
tarball=$1
if [ ! -f "$tarball" ]; then
    echo "build-tcl9: no tarball at $tarball" >&2
    exit 2
fi
if [ $# -eq 2 ]; then
    prefix=$2
elif [ "$(id -u)" -eq 0 ]; then
    prefix=/var/cache/sockconf/tcl9.0
else
    prefix=${HOME:-/tmp}/.cache/sockconf/tcl9.0
fi
case $prefix in /*) ;; *) prefix=$(pwd)/$prefix ;; esac

sum=$(sha256sum "$tarball" | cut -d' ' -f1)
stamp=$prefix/.sockconf-source
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ] && [ -x "$prefix/bin/tclsh9.0" ] &&
   [ "$(echo 'puts [info patchlevel]' | "$prefix/bin/tclsh9.0" 2>/dev/null | cut -c1-3)" = "9.0" ]; then
    echo "build-tcl9: $prefix/bin/tclsh9.0 is already built from this tarball (sha256 $sum)"
    exit 0
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/sockconf-tcl9.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
log=$work/build.log
echo "build-tcl9: building Tcl from $tarball into $prefix (about 2 minutes on 2 cores)"
tar xzf "$tarball" -C "$work"
src=$(find "$work" -mindepth 1 -maxdepth 1 -type d -name 'tcl*' | head -n 1)
if [ -z "$src" ] || [ ! -x "$src/unix/configure" ]; then
    echo "build-tcl9: $tarball does not unpack to a Tcl source tree (tcl*/unix/configure)" >&2
    exit 2
fi
rm -rf "$prefix"
mkdir -p "$prefix"
if ! (cd "$src/unix" && ./configure --prefix="$prefix" && make -j2 && make install) >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    echo "build-tcl9: the build failed (last lines above)" >&2
    rm -rf "$prefix"
    exit 1
fi
echo "$sum" > "$stamp"
echo "build-tcl9: built $("$prefix/bin/tclsh9.0" <<EOF
puts [info patchlevel]
EOF
) in $prefix"
