#!/usr/bin/env bash
# gate.sh -- the conformance gate a CI job calls.
#
#   ci/gate.sh --target T [--baseline FILE] [--shard I/N] [--shard-durations FILE]
#              [--out DIR] [--profile P]... [--jobs N] [--strict-compat] [--repeat N]
#              [--timeout-scale X] [-k EXPR] [--cases DIR] [--tcl-sources DIR] [--no-build]
#   ci/gate.sh merge --out DIR [--baseline FILE] [--target T]... [--shards N] FILE...
#
# The first form builds what the targets need, as harness/targets.toml says: the Tcl
# a target runs in (tcl = {...}: ci/build-tcl.sh from the tarball in --tcl-sources DIR,
# cached; without the option a missing build is named in one line, exit 2), then make
# build and the reference-impl builds of its `needs` (asan, cov, ref9, ...); nothing with
# --no-build. Then it runs `./sockconf run` with the options given (--target and
# --profile repeat; the default profile is all; --strict-compat is added when every
# target's table says strict_compat = true) and exits with its status.
#
# The merge form is the last job of a sharded run: `./sockconf merge` merges the
# shards' result files into DIR/results.json, refusing (exit 2) shards of
# different runs, a missing or repeated shard, a file without results, a record
# twice (with --target, that the target has results; with --shards N, that each
# run was cut into N), and gates on the merged run with the one gate every
# command uses (sockconf.gate: incomplete runs, unexpected results, strict
# compatibility; with --baseline, no regression against it); then it renders
# the reports into DIR (./sockconf report: summary.md, index.html) and, when
# GITHUB_STEP_SUMMARY is set, appends summary.md to it.
#
# tclsh9.0 is looked for on PATH, else the newest Tcl 9.0 that ci/build-tcl.sh built
# (its cache: /var/cache/sockconf as root, ~/.cache/sockconf otherwise, or
# $SOCKCONF_CACHE), as the Makefile does.
#
# Exit status: 0 every result as expected (against a baseline: nothing got
# worse); 1 an unexpected result, a regression, an incomplete run or a missing
# shard; 2 bad usage or configuration, with one line on stderr.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
SUMMARY_MAX=1000000     # GitHub refuses a step summary over 1 MiB

die() { echo "gate: $*" >&2; exit 2; }
usage() { echo "usage:"; sed -n '4,7p' "$0" | sed 's/^#//'; }

# needs_value OPTION REMAINING: OPTION must be followed by a value.
needs_value() { [ "$2" -ge 1 ] || die "$1 needs a value"; }

# The harness's view of the targets (harness/sockconf/tclbuilds.py).
tclbuilds() { "$root/sockconf" tcl "$@"; }

# Put the bin/ of a built Tcl 9.0 first on PATH unless tclsh9.0 is on it already.
find_tcl9() {
    command -v tclsh9.0 >/dev/null 2>&1 && return 0
    local bin
    if bin=$(tclbuilds tcl9 2>/dev/null); then
        PATH=$bin:$PATH
        export PATH
    fi
}

gate_run() {
    local -a run=() targets=()
    local build=1 profiles=0 strict=0 sources=""
    while [ $# -gt 0 ]; do
        local opt=$1 value=""
        shift
        case $opt in
            --*=*) value=${opt#*=}; opt=${opt%%=*}; set -- "$value" "$@" ;;
        esac
        case $opt in
            --target|--profile|--baseline|--shard|--shard-durations|--out|--jobs|--repeat|\
            --timeout-scale|-k|--cases|--tcl-sources)
                needs_value "$opt" $#
                value=$1
                shift
                [ -n "$value" ] || die "$opt needs a value"
                case $opt in
                    --target) targets+=("$value") ;;
                    --profile) profiles=$((profiles + 1)) ;;
                    --baseline|--shard-durations)
                        [ -f "$value" ] || die "$opt: no result file at $value" ;;
                    --tcl-sources)
                        [ -d "$value" ] || die "--tcl-sources: no folder at $value"
                        sources=$value
                        continue ;;
                esac
                run+=("$opt" "$value") ;;
            --strict-compat) strict=1 ;;
            --no-build) build=0 ;;
            -h|--help) usage; exit 0 ;;
            *) die "unknown argument '$opt' (see ci/gate.sh --help)" ;;
        esac
    done
    [ ${#targets[@]} -gt 0 ] || die "--target T is required (a name from harness/targets.toml or NAME=CMD,...)"
    [ "$profiles" -gt 0 ] || run+=(--profile all)
    if [ "$build" -eq 1 ] && [ -n "$sources" ]; then
        echo "gate: the Tcl builds of ${targets[*]} (ci/build-tcl.sh, from $sources)"
        tclbuilds build --sources "$sources" "${targets[@]}" ||
            die "a Tcl build failed (its output is above)"
    fi
    find_tcl9
    if [ "$build" -eq 1 ]; then
        local goals
        goals=$(tclbuilds make-goals "${targets[@]}") || die "cannot read the targets (above)"
        echo "gate: make build; make -C reference-impl $goals"
        make -C "$root" build || die "the build failed (make build; its output is above)"
        if [ -n "$goals" ]; then
            # shellcheck disable=SC2086
            make -C "$root/reference-impl" $goals ||
                die "the build failed (make -C reference-impl $goals; its output is above)"
        fi
    fi
    if [ "$strict" -eq 1 ] || tclbuilds strict "${targets[@]}" 2>/dev/null; then
        run+=(--strict-compat)
    fi
    exec "$root/sockconf" run "${run[@]}"
}

gate_merge() {
    local out="" baseline=""
    local -a check=() files=()
    while [ $# -gt 0 ]; do
        local opt=$1 value=""
        shift
        case $opt in
            --*=*) value=${opt#*=}; opt=${opt%%=*}; set -- "$value" "$@" ;;
        esac
        case $opt in
            --out|--baseline|--target|--shards)
                needs_value "$opt" $#
                value=$1
                shift
                [ -n "$value" ] || die "merge: $opt needs a value"
                case $opt in
                    --out) out=$value ;;
                    --baseline) [ -f "$value" ] || die "merge: --baseline: no result file at $value"
                                baseline=$value ;;
                    --shards) [[ $value =~ ^[1-9][0-9]*$ ]] || die "merge: --shards must be a number from 1, not '$value'"
                              check+=(--shards "$value") ;;
                    --target) check+=(--target "$value") ;;
                esac ;;
            -h|--help) usage; exit 0 ;;
            --) files+=("$@"); break ;;
            -*) die "merge: unknown option '$opt' (see ci/gate.sh --help)" ;;
            *) files+=("$opt") ;;
        esac
    done
    [ -n "$out" ] || die "merge: --out DIR is required"
    [ ${#files[@]} -gt 0 ] || die "merge: no result files to merge"
    mkdir -p "$out" 2>/dev/null || die "merge: cannot make the folder $out"
    [ -z "$baseline" ] || check+=(--baseline "$baseline")
    local merged=$out/results.json status=0
    "$root/sockconf" merge --out "$merged" "${check[@]}" "${files[@]}" || status=$?
    [ "$status" -ne 2 ] || exit 2
    local rstatus=0 rerr
    # the merge has judged (and said why); the report only renders, so its lines are
    # shown only when it cannot
    rerr=$("$root/sockconf" report --results "$merged" --out "$out" 2>&1 >/dev/null) || rstatus=$?
    if [ "$rstatus" -eq 2 ]; then printf '%s\n' "$rerr" >&2; exit 2; fi
    if [ -n "${GITHUB_STEP_SUMMARY:-}" ] && [ -f "$out/summary.md" ]; then
        local size
        size=$(wc -c <"$out/summary.md")
        if [ "$size" -le "$SUMMARY_MAX" ]; then
            cat "$out/summary.md" >>"$GITHUB_STEP_SUMMARY"
        else
            head -c "$SUMMARY_MAX" "$out/summary.md" | sed '$d' >>"$GITHUB_STEP_SUMMARY"
            printf '\n\n(summary.md is %s bytes; the rest is in the report artifact)\n' "$size" \
                >>"$GITHUB_STEP_SUMMARY"
        fi
    fi
    echo "gate: merged ${#files[@]} result files into $merged; $([ "$status" -eq 0 ] && echo "every result as expected" || echo "the gate fails")"
    exit "$status"
}

[ $# -gt 0 ] || die "nothing to do: ci/gate.sh --target T ... or ci/gate.sh merge ... (see --help)"
case $1 in
    merge) shift; gate_merge "$@" ;;
    -h|--help) usage ;;
    *) gate_run "$@" ;;
esac
