#!/usr/bin/env bash
# gate.sh -- the conformance gate a CI job calls.
#
#   ci/gate.sh --target T [--baseline FILE] [--shard I/N] [--shard-durations FILE]
#              [--out DIR] [--profile P]... [--jobs N] [--strict-compat] [--repeat N]
#              [--timeout-scale X] [-k EXPR] [--cases DIR] [--no-build]
#   ci/gate.sh merge --out DIR [--baseline FILE] [--target T]... [--shards N] FILE...
#
# The first form builds what the targets need (make build, and make asan, cov
# or ref9 for ref-asan, ref-cov and ref9; nothing with --no-build), then runs
# `./sockconf run` with the options given (--target and --profile repeat; the
# default profile is all) and exits with its status.
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
# tclsh9.0 is looked for on PATH, else in TCL9_PREFIX (by default, as in the
# Makefile, /var/cache/sockconf/tcl9.0 as root and ~/.cache/sockconf/tcl9.0
# otherwise: where ci/build-tcl9.sh builds it).
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

# Put the bin/ of a built Tcl 9.0 first on PATH unless tclsh9.0 is on it already.
find_tcl9() {
    command -v tclsh9.0 >/dev/null 2>&1 && return 0
    local prefix=${TCL9_PREFIX:-}
    if [ -z "$prefix" ]; then
        if [ "$(id -u)" -eq 0 ]; then prefix=/var/cache/sockconf/tcl9.0
        else prefix=${HOME:-/tmp}/.cache/sockconf/tcl9.0; fi
    fi
    if [ -x "$prefix/bin/tclsh9.0" ]; then
        PATH=$prefix/bin:$PATH
        export PATH
    fi
}

gate_run() {
    local -a run=() targets=()
    local build=1 profiles=0
    while [ $# -gt 0 ]; do
        local opt=$1 value=""
        shift
        case $opt in
            --*=*) value=${opt#*=}; opt=${opt%%=*}; set -- "$value" "$@" ;;
        esac
        case $opt in
            --target|--profile|--baseline|--shard|--shard-durations|--out|--jobs|--repeat|\
            --timeout-scale|-k|--cases)
                needs_value "$opt" $#
                value=$1
                shift
                [ -n "$value" ] || die "$opt needs a value"
                case $opt in
                    --target) targets+=("$value") ;;
                    --profile) profiles=$((profiles + 1)) ;;
                    --baseline|--shard-durations)
                        [ -f "$value" ] || die "$opt: no result file at $value" ;;
                esac
                run+=("$opt" "$value") ;;
            --strict-compat) run+=("$opt") ;;
            --no-build) build=0 ;;
            -h|--help) usage; exit 0 ;;
            *) die "unknown argument '$opt' (see ci/gate.sh --help)" ;;
        esac
    done
    [ ${#targets[@]} -gt 0 ] || die "--target T is required (a name from harness/targets.toml or NAME=CMD,...)"
    [ "$profiles" -gt 0 ] || run+=(--profile all)
    find_tcl9
    if [ "$build" -eq 1 ]; then
        local -a make_goals=(build)
        local t
        for t in "${targets[@]}"; do
            case $t in
                ref-asan) make_goals+=(asan) ;;
                ref-cov) make_goals+=(cov) ;;
                ref9) make_goals+=(ref9) ;;
            esac
        done
        echo "gate: make ${make_goals[*]}"
        make -C "$root" "${make_goals[@]}" || die "the build failed (make ${make_goals[*]}; its output is above)"
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
