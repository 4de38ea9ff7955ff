"""make bench: socket benchmarks of several targets side by side, and the suite's own costs.

Every figure is measured in one run, interleaved (round 1: every metric on
every target, then round 2, ...), so that drift of the machine hits all
targets alike; each is reported as the median of the runs with their minimum
and maximum, and as a ratio to the baseline target (tclsh8.6) where above 1.0
is better: speed for throughput and rates, baseline time / time for latency,
baseline bytes / bytes for memory.

Metrics (harness/tcl/bench.tcl; the same work in plain C is
harness/native/ceiling.c, the `ceiling` column: the limit of this machine):

  throughput-read   256 MiB in 64 KiB binary writes, sender and receiver in
                    separate processes, received with [read]
  throughput-fcopy  the same, received with [fcopy] to /dev/null
  accept-rate       2000 sequential rounds of connect, accept, close
  accept-rate-busy  400 such rounds on a busy host: a namespace whose ephemeral
                    ports are nearly all held by connections in TIME_WAIT
                    (profile busy's set-up, sockconf.profiles.fill_time_wait)
  async-latency     [socket -async] to its writable event, median of 1000
  memory-per-conn   growth of the resident size per idle connection, with 1000
                    connections open to a plain-C server

Each run of a benchmark gets a fresh network namespace (as root), so no
TIME_WAIT from an earlier run (or from anything else on the machine) slows
its connects; without root it runs on the host and waits for TIME_WAIT to
drain between runs. Every program is started through sockconf.launch.

Suite figures (--suite): a bare interpreter start, the start with the
target's setup script, one case through the runner in the host and in a
namespace profile (the per-case overhead is that minus the bare start), and
with --suite-runs the wall time of `sockconf run --profile all` per target
against its ideal (runs that are not skips x bare start / cores).

Results: OUT-DIR/bench.json, bench.md and bench.png (with matplotlib). No
threshold is ever asserted: the figures are data.
"""

import argparse
import json
import os
import statistics
import sys
from pathlib import Path

from .. import launch, paths, targets, tclbuilds
from ..errors import ConfigError
from ..results import now_iso, write_atomic
from .measure import Runner, ceiling_runner, measure, suite_figures, suite_runs
from .metrics import BASELINE, CEILING, CEILING_NAME, DEFAULT_TARGETS, FULL, METRICS, SMOKE, BenchError
from .render import machine, markdown, plot, summarise, table

__all__ = ["main", "METRICS", "CEILING", "CEILING_NAME", "summarise", "table"]

def choose(names):
    """The targets to benchmark: those named, or every default one that is present."""
    tcl9 = tclbuilds.newest_tcl9()
    if tcl9 is not None and str(tcl9.tclsh().parent) not in os.environ.get("PATH", "").split(":"):
        os.environ["PATH"] = f"{tcl9.tclsh().parent}:{os.environ.get('PATH', '')}"
    known = targets.load_all()
    if names:
        return targets.select(names, known)
    return [known[n] for n in DEFAULT_TARGETS if n in known and known[n].available()]


def main(argv=None):
    ap = argparse.ArgumentParser(prog="sockconf bench", description=__doc__.splitlines()[0])
    ap.add_argument("--target", action="append", default=[],
                    help="a target (repeatable); default: tclsh8.6, ref, tclsh9.0, ref9 where present")
    ap.add_argument("--runs", type=int, help="runs per figure (default 5; --smoke: 1)")
    ap.add_argument("--smoke", action="store_true",
                    help="one short run of everything: checks the machinery, the figures mean nothing")
    ap.add_argument("--suite", action="store_true",
                    help="also the suite's per-case costs (bare start, setup, runner)")
    ap.add_argument("--suite-runs", action="store_true",
                    help="also time one `sockconf run --profile all` per target (minutes)")
    ap.add_argument("--jobs", type=int, default=2, help="workers of the --suite-runs runs")
    ap.add_argument("--metric", action="append", default=[], choices=[m.name for m in METRICS],
                    help="only this metric (repeatable; default: every one)")
    ap.add_argument("--out-dir", default=str(paths.REPORTS))
    args = ap.parse_args(argv)
    sizes = dict(SMOKE if args.smoke else FULL)
    if args.runs:
        sizes["runs"] = args.runs
    log = (lambda msg: print(msg, file=sys.stderr, flush=True))
    try:
        chosen = choose(args.target)
        if not CEILING.is_file():
            raise ConfigError("harness/native is not built (run `make native`): "
                              "harness/native/build/sockconf-ceiling is missing")
        launch.launcher()
    except ConfigError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 2
    if not chosen:
        print("bench: no target to run", file=sys.stderr)
        return 2
    runners = [Runner(t.name, t) for t in chosen] + [ceiling_runner()]
    metrics = [m for m in METRICS if not args.metric or m.name in args.metric]
    samples = {m.name: {r.name: [] for r in runners} for m in metrics}
    log(f"bench: {', '.join(r.name for r in runners)}; {sizes['runs']} runs, interleaved")
    try:
        for rnd in range(sizes["runs"]):
            for m in metrics:
                for r in runners:
                    v = measure(m.name, r, sizes, f"r{rnd}")
                    samples[m.name][r.name].append(v)
            log(f"  round {rnd + 1}/{sizes['runs']} done")
    except BenchError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 1
    suite = runs = None
    status = 0
    try:
        suite = suite_figures(chosen, sizes, log) if (args.suite or args.suite_runs) else None
        runs = suite_runs(chosen, suite["targets"], args.jobs, log) if args.suite_runs else None
    except BenchError as exc:       # the socket figures above are still written
        print(f"bench: {exc}", file=sys.stderr)
        status = 1
    base_name = BASELINE if any(r.name == BASELINE for r in runners) else runners[0].name
    report = {"started": now_iso(), "host": machine(), "runs": sizes["runs"], "sizes": sizes,
              "baseline": base_name, "columns": [r.name for r in runners],
              "ratio": "above 1.0 is better: target/baseline for rates, baseline/target for "
                       "time and memory", "metrics": {}}
    for m in metrics:
        base_vals = [v for v in samples[m.name][base_name] if v is not None]
        base = statistics.median(base_vals) if base_vals else None
        entry = {"unit": m.unit, "higher_is_better": m.higher_is_better,
                 "description": m.description.format(**sizes), "targets": {}}
        for r in runners:
            s = summarise(samples[m.name][r.name], m, base)
            if s is not None:
                entry["targets"][r.name] = s
        report["metrics"][m.name] = entry
    if suite:
        report["suite"] = suite
    if runs:
        report["suite_runs"] = runs
    out_dir = Path(args.out_dir)
    write_atomic(out_dir / "bench.json", json.dumps(report, indent=1) + "\n")
    write_atomic(out_dir / "bench.md", markdown(report))
    plotted = plot(report, out_dir / "bench.png")
    print(markdown(report))
    print(f"written: {out_dir / 'bench.json'}, {out_dir / 'bench.md'}"
          + (f", {out_dir / 'bench.png'}" if plotted else " (no plot: python3-matplotlib missing)"))
    return status


if __name__ == "__main__":
    sys.exit(main())
