"""make bench: the same micro-benchmarks on several targets in one run, as ratios.

Usage: /usr/bin/python3 harness/bench.py [--target T]... [--repeat N] [--baseline T]
Each benchmark runs N times per target (interleaved, so machine load hits all
targets alike); the median time is reported, with the ratio to the baseline
target. Writes reports/bench.json. No threshold is asserted: ratios are data.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sockconf import hermetic, paths, targets  # noqa: E402
from sockconf.errors import ConfigError  # noqa: E402
from sockconf.results import host_info, now_iso, write_atomic  # noqa: E402


def run_once(target):
    argv = target.resolved_command() + [str(paths.TCL / "bench.tcl"),
                                        str(target.setup) if target.setup else ""]
    env = {**os.environ, **target.environ()}
    out = subprocess.run(hermetic.wrap(argv), capture_output=True, text=True, timeout=300,
                         env=env, stdin=subprocess.DEVNULL)
    if out.returncode != 0:
        raise ConfigError(f"target {target.name}: benchmark failed: "
                          f"{(out.stderr.strip().splitlines() or ['no output'])[-1]}")
    times = {}
    for line in out.stdout.splitlines():
        name, _, value = line.rpartition(" ")
        if name and value.isdigit():
            times[name] = int(value)
    return times


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--target", action="append", default=[])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--baseline", default="tclsh8.6")
    ap.add_argument("--out", default=str(paths.REPORTS / "bench.json"))
    args = ap.parse_args(argv)
    try:
        chosen = targets.select(args.target or ["tclsh8.6", "ref"])
    except ConfigError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 2
    samples = {t.name: {} for t in chosen}
    for _ in range(args.repeat):
        for t in chosen:
            try:
                times = run_once(t)
            except ConfigError as exc:
                print(f"bench: {exc}", file=sys.stderr)
                return 1
            for name, us in times.items():
                samples[t.name].setdefault(name, []).append(us)
    base = samples.get(args.baseline) or samples[chosen[0].name]
    report = {"started": now_iso(), "host": host_info(), "repeat": args.repeat,
              "baseline": args.baseline if args.baseline in samples else chosen[0].name,
              "benchmarks": {}}
    names = sorted({n for s in samples.values() for n in s})
    header = f"{'benchmark':<28}" + "".join(f"{t.name + ' ms':>14}{'ratio':>8}" for t in chosen)
    print(header)
    for name in names:
        row, entry = f"{name:<28}", {}
        base_med = statistics.median(base[name]) if name in base else None
        for t in chosen:
            vals = samples[t.name].get(name)
            if not vals:
                row += f"{'-':>14}{'-':>8}"
                continue
            med = statistics.median(vals)
            ratio = med / base_med if base_med else None
            entry[t.name] = {"median_us": med, "samples_us": vals, "ratio": ratio}
            row += f"{med / 1000:>14.2f}{(f'{ratio:.2f}' if ratio else '-'):>8}"
        report["benchmarks"][name] = entry
        print(row)
    write_atomic(Path(args.out), json.dumps(report, indent=1) + "\n")
    print(f"\nratios are median time / median time of {report['baseline']}; written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
