#!/bin/sh
# build-tcl.sh -- build a Tcl release from its source tarball into a cached prefix.
#
#   ci/build-tcl.sh [--sha256 SUM] TARBALL [VARIANT]
#   ci/build-tcl.sh --prefix RELEASE [VARIANT [SUM]]    print the prefix, build nothing
#   ci/build-tcl.sh --prove PREFIX RELEASE [VARIANT]    exit 0 when PREFIX is that build
#
# The tarball's sha256 must be listed in ci/tcl-sources.txt, which also names its
# release; a source of your own (a patched Tcl) is built when --sha256 gives its
# sha256 and the tarball has it. VARIANT is one of
#   default    configure as it is (Tcl 9.0 on Linux: the epoll notifier; Tcl 8.6: threaded)
#   select     Tcl 9.0 with the select(2) notifier (ac_cv_header_sys_epoll_h=no)
#   nothreads  Tcl 8.6 --disable-threads (the single-threaded notifier)
# The prefix is CACHE/tcl-RELEASE for the default variant and CACHE/tcl-RELEASE-VARIANT
# otherwise, with "+" and the first 12 digits of the sha256 added for a tarball that is
# not listed; CACHE is $SOCKCONF_CACHE, else /var/cache/sockconf as root and
# ~/.cache/sockconf otherwise (harness/sockconf/tclbuilds.py says the same).
#
# A build is proven before it is kept: tclsh answers the release; the library's
# dynamic symbols import epoll_* for a default Tcl 9.0 and do not (and import select)
# for select; tclConfig.sh says TCL_THREADS=1 for a default Tcl 8.6 and TCL_THREADS=0
# for nothreads. A proof that fails removes the prefix (exit 1). The prefix records
# the tarball's sha256 and the variant (PREFIX/.sockconf-build); when they match and
# the proof holds, nothing is built. Prints one line saying what it did.
# Exit status: 0 built or already built; 1 the build or its proof failed (the log's
# last lines on stderr); 2 bad usage, an unknown tarball or variant (one line).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
list=$here/tcl-sources.txt

die() { echo "build-tcl: $*" >&2; exit 2; }
usage() { die "usage: ci/build-tcl.sh [--sha256 SUM] TARBALL [default|select|nothreads]"; }

cache_root() {
    if [ -n "${SOCKCONF_CACHE:-}" ]; then echo "$SOCKCONF_CACHE"
    elif [ "$(id -u)" -eq 0 ]; then echo /var/cache/sockconf
    else echo "${HOME:-/tmp}/.cache/sockconf"; fi
}

# prefix_of RELEASE VARIANT SUM LISTED: where that build lives.
prefix_of() {
    name=tcl-$1
    [ "$2" = default ] || name=$name-$2
    [ "$4" = yes ] || name=$name+$(echo "$3" | cut -c1-12)
    echo "$(cache_root)/$name"
}

check_variant() {   # check_variant RELEASE VARIANT
    case $2 in
        default) ;;
        select) case $1 in 9.*) ;; *) die "variant select is for Tcl 9.x (Tcl $1's notifier is select(2) already)" ;; esac ;;
        nothreads) case $1 in 8.6.*) ;; *) die "variant nothreads is for Tcl 8.6 (Tcl $1 has no --disable-threads)" ;; esac ;;
        *) die "unknown variant '$2' (default, select or nothreads)" ;;
    esac
}

# The release a listed sha256 stands for, or nothing.
listed_release() { awk -v s="$1" '$1 == s { print $2; exit }' "$list"; }

# prove: the prefix ($prefix, $tclsh, $lib) is the release and variant asked for (one
# line on stderr if not).
prove() {
    said=$(echo 'puts "[info patchlevel] [tcl::pkgconfig get threaded]"' | "$tclsh" 2>/dev/null) ||
        { echo "$tclsh does not run" >&2; return 1; }
    [ "${said% *}" = "$release" ] || { echo "$tclsh says patch level ${said% *}, not $release" >&2; return 1; }
    threads=$(. "$prefix/lib/tclConfig.sh" && echo "${TCL_THREADS:-}")
    imports=$(nm -D --undefined-only "$lib" | awk '{ sub(/@.*/, "", $2); print $2 }')
    has() { echo "$imports" | grep -qx "$1"; }
    epoll=no
    for s in epoll_create epoll_create1 epoll_ctl epoll_wait epoll_pwait; do has "$s" && epoll=yes; done
    case $series/$variant in
        9.*/default) [ $epoll = yes ] || { echo "$lib imports no epoll_* (the epoll notifier did not build)" >&2; return 1; } ;;
        9.*/select) [ $epoll = no ] || { echo "$lib imports epoll_* (the select notifier did not take)" >&2; return 1; }
                    has select || has pselect || { echo "$lib imports neither select nor pselect" >&2; return 1; } ;;
        8.6/default) [ "$threads" = 1 ] && [ "${said##* }" = 1 ] ||
                    { echo "$prefix/lib/tclConfig.sh: TCL_THREADS=$threads, not 1 (not threaded)" >&2; return 1; } ;;
        8.6/nothreads) [ "$threads" = 0 ] && [ "${said##* }" = 0 ] ||
                    { echo "$prefix/lib/tclConfig.sh: TCL_THREADS=$threads, not 0 (--disable-threads did not take)" >&2; return 1; } ;;
    esac
}

# where_of PREFIX RELEASE: the interpreter and library of a build of RELEASE in PREFIX.
where_of() {
    series=$(echo "$2" | cut -d. -f1,2)
    tclsh=$1/bin/tclsh$series
    lib=$1/lib/libtcl$series.so
}

if [ "${1:-}" = --prove ]; then
    [ $# -ge 3 ] && [ $# -le 4 ] || die "usage: ci/build-tcl.sh --prove PREFIX RELEASE [VARIANT]"
    prefix=$2 release=$3 variant=${4:-default}
    check_variant "$release" "$variant"
    where_of "$prefix" "$release"
    [ -x "$tclsh" ] || { echo "build-tcl: no $tclsh" >&2; exit 1; }
    if ! why=$(prove 2>&1); then
        echo "build-tcl: $prefix is not Tcl $release ($variant): $why" >&2
        exit 1
    fi
    echo "build-tcl: $prefix is Tcl $release ($variant)"
    exit 0
fi

if [ "${1:-}" = --prefix ]; then
    [ $# -ge 2 ] && [ $# -le 4 ] || die "usage: ci/build-tcl.sh --prefix RELEASE [VARIANT [SUM]]"
    variant=${3:-default}
    check_variant "$2" "$variant"
    if [ -n "${4:-}" ] && [ -z "$(listed_release "$4")" ]; then
        prefix_of "$2" "$variant" "$4" no
    else
        prefix_of "$2" "$variant" "" yes
    fi
    exit 0
fi

want=""
if [ "${1:-}" = --sha256 ]; then
    [ $# -ge 2 ] || usage
    want=$2
    shift 2
    echo "$want" | grep -Eq '^[0-9a-f]{64}$' || die "--sha256 needs 64 hexadecimal digits, not '$want'"
fi
[ $# -ge 1 ] && [ $# -le 2 ] || usage
tarball=$1
variant=${2:-default}
[ -f "$tarball" ] || die "no tarball at $tarball"

sum=$(sha256sum "$tarball" | cut -d' ' -f1)
release=$(listed_release "$sum")
listed=yes
if [ -z "$release" ]; then
    [ -n "$want" ] || die "$tarball (sha256 $sum) is not in ci/tcl-sources.txt; add it there, or give --sha256 for a source of your own"
    [ "$sum" = "$want" ] || die "$tarball has sha256 $sum, not the $want given"
    listed=no
elif [ -n "$want" ] && [ "$sum" != "$want" ]; then
    die "$tarball has sha256 $sum, not the $want given"
fi

work=""
cleanup() { [ -z "$work" ] || rm -rf "$work"; }
trap cleanup EXIT
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM
if [ "$listed" = no ]; then
    # the release is what the source says it is (generic/tcl.h)
    work=$(mktemp -d "${TMPDIR:-/tmp}/sockconf-tcl-build.XXXXXX")
    tar xzf "$tarball" -C "$work" --wildcards '*/generic/tcl.h' 2>/dev/null ||
        die "$tarball does not unpack to a Tcl source tree (no */generic/tcl.h)"
    release=$(sed -n 's/^#[[:space:]]*define[[:space:]]*TCL_PATCH_LEVEL[[:space:]]*"\([^"]*\)".*/\1/p' \
        "$work"/*/generic/tcl.h | head -n 1)
    [ -n "$release" ] || die "$tarball: no TCL_PATCH_LEVEL in generic/tcl.h"
    rm -rf "$work"
    work=""
fi
check_variant "$release" "$variant"
prefix=$(prefix_of "$release" "$variant" "$sum" "$listed")
where_of "$prefix" "$release"
stamp=$prefix/.sockconf-build

mkdir -p "$(dirname "$prefix")"
exec 9>"$prefix.lock"
flock 9
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum $variant" ] && [ -x "$tclsh" ] && prove 2>/dev/null; then
    echo "build-tcl: $tclsh is Tcl $release ($variant), already built from this tarball"
    exit 0
fi

# the cache variable and the switch each variant gives configure
case $variant in
    default) cachevar=""; switch="" ;;
    select) cachevar="ac_cv_header_sys_epoll_h=no"; switch="" ;;
    nothreads) cachevar=""; switch="--disable-threads" ;;
esac
work=$(mktemp -d "${TMPDIR:-/tmp}/sockconf-tcl-build.XXXXXX")
log=$work/build.log
echo "build-tcl: building Tcl $release ($variant) from $tarball into $prefix (1-2 minutes on 2 cores)"
tar xzf "$tarball" -C "$work"
src=$(find "$work" -mindepth 1 -maxdepth 1 -type d -name 'tcl*' | head -n 1)
[ -n "$src" ] && [ -x "$src/unix/configure" ] ||
    die "$tarball does not unpack to a Tcl source tree (tcl*/unix/configure)"
rm -rf "$prefix"
mkdir -p "$prefix"
# shellcheck disable=SC2086
if ! (cd "$src/unix" && env $cachevar ./configure --prefix="$prefix" $switch && make -j2 && make install) \
        >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    echo "build-tcl: the build of Tcl $release ($variant) failed (last lines above)" >&2
    rm -rf "$prefix"
    exit 1
fi
if ! why=$(prove 2>&1); then
    echo "build-tcl: the build is not Tcl $release ($variant): $why" >&2
    rm -rf "$prefix"
    exit 1
fi
echo "$sum $variant" >"$stamp"
echo "build-tcl: built $tclsh: Tcl $release ($variant), proven"
