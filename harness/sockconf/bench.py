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
import select
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from . import casefile, hermetic, launch, netns, paths, profiles, targets, tclbuilds
from .errors import ConfigError
from .results import host_info, now_iso, write_atomic

BENCH_TCL = paths.TCL / "bench.tcl"
CEILING = paths.HARNESS / "native" / "build" / "sockconf-ceiling"
DEFAULT_TARGETS = ("tclsh8.6", "ref", "tclsh9.0", "ref9")
BASELINE = "tclsh8.6"
CEILING_NAME = "ceiling"
RUN_TIMEOUT_S = 120
OVERHEAD_CASE = "0801"          # a case that does no network waiting: its time is overhead


@dataclass
class Metric:
    name: str
    unit: str
    higher_is_better: bool
    description: str


METRICS = [
    Metric("throughput-read", "MiB/s", True,
           "{total_mib} MiB in {block_kib} KiB binary writes to another process, received with read"),
    Metric("throughput-fcopy", "MiB/s", True,
           "{total_mib} MiB in {block_kib} KiB binary writes to another process, received with fcopy"),
    Metric("accept-rate", "conn/s", True,
           "{accepts} sequential rounds of connect, accept, close"),
    Metric("accept-rate-busy", "conn/s", True,
           "{accepts_busy} sequential rounds of connect, accept, close, with {busy_fill} of the "
           "namespace's 5000 ephemeral ports in TIME_WAIT"),
    Metric("async-latency", "us", False,
           "socket -async to its writable event, median of {latency}"),
    Metric("memory-per-conn", "bytes", False,
           "resident size growth per idle connection, {connections} open"),
]

# accepts_busy stays below the ports a busy namespace leaves unused: an implementation that
# binds a port of its own for every client (tclsh 8.6.13, Tcl 9.0.4) runs out beyond them
# (case 0988), and the metric measures the rate, not the running out.
FULL = {"runs": 5, "total_mib": 256, "block_kib": 64, "accepts": 2000, "latency": 1000,
        "connections": 1000, "spawns": 20, "cases": 10, "drain": True,
        "accepts_busy": 400, "busy_fill": profiles.BUSY_TIME_WAIT}
SMOKE = {"runs": 1, "total_mib": 4, "block_kib": 64, "accepts": 50, "latency": 20,
         "connections": 20, "spawns": 2, "cases": 1, "drain": False,
         "accepts_busy": 20, "busy_fill": 200}


class BenchError(RuntimeError):
    """A benchmark run failed: the message says which and why."""


# ---------------------------------------------------------------- where runs happen

class Place:
    """Where one benchmark run happens: a fresh network namespace (root), else the host."""

    def __init__(self, label, drain=True, busy_fill=0):
        self.label = label
        self.context = None
        if not netns.unavailable_reason():
            ns = netns.Namespace("bench", label)
            ns.create({"hosts": profiles.HOSTS_DUAL, "nsswitch.conf": hermetic.conf_text()})
            self.context = profiles.NetnsContext("bench", ns)
            if busy_fill:
                try:
                    profiles.fill_time_wait(ns, busy_fill)
                except netns.NetnsError as exc:
                    ns.destroy()
                    raise BenchError(f"busy namespace: {exc}") from None
        elif busy_fill:
            raise BenchError("accept-rate-busy needs a network namespace (root and `ip`)")
        elif drain:
            _drain_time_wait()

    def close(self):
        if self.context is not None:
            self.context.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _time_wait_count():
    n = 0
    for name in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(name) as f:
                n += sum(1 for line in f if line.split()[3:4] == ["06"])
        except OSError:
            pass
    return n


def _drain_time_wait(limit_s=65.0):
    """On the host: wait (at most LIMIT_S) until no connection is in TIME_WAIT."""
    deadline = time.monotonic() + limit_s
    while _time_wait_count() and time.monotonic() < deadline:
        time.sleep(0.5)


# ---------------------------------------------------------------- starting programs

def _parse(line):
    """'k1 v1 k2 v2' -> {k1: float(v1), ...}."""
    words = line.split()
    try:
        return {k: float(v) for k, v in zip(words[::2], words[1::2])}
    except ValueError:
        return {}


def _result(outcome, what):
    """The last KEY VALUE line of a finished program, or BenchError."""
    if outcome.timed_out or outcome.returncode != 0:
        why = outcome.launch_error or ("timed out" if outcome.timed_out else
                                       (outcome.stderr.strip().splitlines() or
                                        [f"exit status {outcome.returncode}"])[-1])
        raise BenchError(f"{what}: {why}")
    lines = [ln for ln in outcome.stdout.splitlines() if ln.strip()]
    values = _parse(lines[-1]) if lines else {}
    if not values:
        raise BenchError(f"{what}: no result line (stdout: {outcome.stdout.strip()[:200]!r})")
    return values


class Program:
    """A started program whose stdout this module reads line by line (a server
    that prints its port), through launch.Launch."""

    def __init__(self, argv, place, env, what):
        self.what = what
        self.launch = launch.Launch(argv, timeout_s=RUN_TIMEOUT_S, context=place.context,
                                    env=env, stdout=subprocess.PIPE)
        self.launch.start()
        self.lines = []
        self._buf = b""

    def readline(self, timeout_s=20.0):
        deadline = time.monotonic() + timeout_s
        out = self.launch.proc.stdout
        while b"\n" not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([out], [], [], left)[0]:
                raise BenchError(f"{self.what}: no output within {timeout_s:g}s")
            chunk = os.read(out.fileno(), 65536)
            if not chunk:
                break
            self._buf += chunk
        line, _, self._buf = self._buf.partition(b"\n")
        return line.decode("utf-8", "replace")

    def finish(self, timeout_s=RUN_TIMEOUT_S):
        """Read to the end, wait, return the values of the last line."""
        out = self.launch.proc.stdout
        deadline = time.monotonic() + timeout_s
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([out], [], [], left)[0]:
                break
            chunk = os.read(out.fileno(), 65536)
            if not chunk:
                break
            self._buf += chunk
        outcome = self.launch.wait()
        outcome.stdout = self._buf.decode("utf-8", "replace")
        return _result(outcome, self.what)

    def kill(self):
        self.launch.kill()
        self.launch.wait()


class Runner:
    """How to start one bench target's work: an interpreter with bench.tcl, or the C ceiling."""

    def __init__(self, name, target=None):
        self.name = name
        self.target = target

    @property
    def is_ceiling(self):
        return self.target is None

    def env(self):
        env = dict(os.environ)
        if self.target is not None:
            env.update(self.target.environ(case="bench", profile="bench"))
        return env

    def argv(self, mode, *args):
        if self.is_ceiling:
            return [str(CEILING), mode, *map(str, args)]
        setup = str(self.target.setup) if self.target.setup else ""
        return self.target.resolved_command() + [str(BENCH_TCL), setup, mode, *map(str, args)]

    def run(self, place, mode, *args):
        out = launch.run(self.argv(mode, *args), timeout_s=RUN_TIMEOUT_S,
                         context=place.context, env=self.env())
        return _result(out, f"{self.name} {mode}")

    def start(self, place, mode, *args):
        return Program(self.argv(mode, *args), place, self.env(), f"{self.name} {mode}")


def ceiling_runner():
    return Runner(CEILING_NAME)


# ---------------------------------------------------------------- one run of one metric

def measure(metric, runner, sizes, label):
    """One run of METRIC on RUNNER in a fresh place; returns the figure in the metric's unit."""
    total = sizes["total_mib"] * 1024 * 1024
    block = sizes["block_kib"] * 1024
    busy = sizes["busy_fill"] if metric == "accept-rate-busy" else 0
    with Place(label, drain=sizes["drain"], busy_fill=busy) as place:
        if metric.startswith("throughput-"):
            if runner.is_ceiling:
                if metric == "throughput-fcopy":
                    return None         # C has no fcopy; throughput-read is its figure
                v = runner.run(place, "transfer", total, block)
            else:
                mode = "recv-read" if metric == "throughput-read" else "recv-fcopy"
                recv = runner.start(place, mode, block)
                try:
                    port = int(recv.readline().split()[1])
                    runner.run(place, "send", port, total, block)
                except (BenchError, IndexError, ValueError) as exc:
                    recv.kill()
                    raise BenchError(f"{runner.name} {metric}: {exc}") from None
                v = recv.finish()
            if v.get("bytes") != total:
                raise BenchError(f"{runner.name} {metric}: received {v.get('bytes')} of {total} bytes")
            return (total / (1024 * 1024)) / (v["us"] / 1e6)
        if metric in ("accept-rate", "accept-rate-busy"):
            rounds = sizes["accepts"] if metric == "accept-rate" else sizes["accepts_busy"]
            v = runner.run(place, "accept", rounds)
            return v["count"] / (v["us"] / 1e6)
        if metric == "async-latency":
            return runner.run(place, "latency", sizes["latency"])["median_us"]
        if metric == "memory-per-conn":
            n = sizes["connections"]
            hold = ceiling_runner().start(place, "hold", n + 1)
            try:
                port = int(hold.readline().split()[1])
                if runner.is_ceiling:
                    v = runner.run(place, "connect", n, port)
                else:
                    v = runner.run(place, "memory", n, port)
            finally:
                hold.kill()
            return (v["rss_after_kb"] - v["rss_before_kb"]) * 1024 / n
    raise ValueError(metric)


# ---------------------------------------------------------------- suite figures

def _spawn_median(env, argv, n):
    """Median, minimum and maximum time (us) of N starts of ARGV, timed by the C program
    (so Python's own cost of starting a process is not in it)."""
    out = launch.run([str(CEILING), "spawn", str(n), *argv], timeout_s=RUN_TIMEOUT_S,
                     context=None, env=env)
    return _result(out, f"spawn {argv[0]}")


def suite_figures(chosen, sizes, log):
    """Per target: bare start, start with setup, one case through the runner (host and a
    namespace), in milliseconds (medians)."""
    from . import runner as case_runner
    case_path = next(p for p in casefile.discover(paths.CASES) if p.name.startswith(OVERHEAD_CASE))
    case = casefile.parse(case_path)
    out = {"case": case.name, "targets": {}}
    contexts = {"host": profiles.REGISTRY["host"].start("bench")}
    ns_profile = profiles.REGISTRY["dual"]
    if ns_profile.available()[0]:
        contexts["dual"] = ns_profile.start("bench-suite")
    try:
        for t in chosen:
            env = {**os.environ, **t.environ(case="bench", profile="bench")}
            interp = t.resolved_command()
            bare = _spawn_median(env, interp + ["/dev/null"], sizes["spawns"])
            setup = _spawn_median(env, interp + [str(BENCH_TCL), str(t.setup or ""), "start"],
                                  sizes["spawns"])
            entry = {"bare_start_ms": bare["median_us"] / 1000,
                     "setup_start_ms": setup["median_us"] / 1000}
            for name, ctx in contexts.items():
                times = []
                for _ in range(sizes["cases"]):
                    rec = case_runner.run_case(case, t, ctx)
                    times.append(rec["duration_s"] * 1000)
                entry[f"case_{name}_ms"] = statistics.median(times)
                entry[f"overhead_{name}_ms"] = entry[f"case_{name}_ms"] - entry["bare_start_ms"]
            out["targets"][t.name] = entry
            log(f"  suite figures {t.name}: " + ", ".join(f"{k} {v:.1f}" for k, v in entry.items()))
    finally:
        for ctx in contexts.values():
            ctx.close()
    return out


def suite_runs(chosen, bare, jobs, log):
    """Wall time of `sockconf run --profile all` per target, against its ideal."""
    import tempfile
    out = {}
    cores = os.cpu_count() or 1
    for t in chosen:
        with tempfile.TemporaryDirectory(prefix="sockconf-bench-suite-") as tmp:
            t0 = time.monotonic()
            subprocess.run([str(paths.ROOT / "sockconf"), "run", "--target", t.name, "--profile",
                            "all", "--jobs", str(jobs), "--out", tmp], stdin=subprocess.DEVNULL,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=1800)
            wall = time.monotonic() - t0
            try:
                data = json.loads((Path(tmp) / "results.json").read_text())
            except (OSError, ValueError):
                raise BenchError(f"suite run of {t.name} wrote no results.json") from None
        recs = data.get("results", [])
        ran = [r for r in recs if r.get("verdict") != "skip"]
        start_s = bare.get(t.name, {}).get("bare_start_ms", 0) / 1000
        ideal = len(ran) * start_s / cores
        out[t.name] = {"wall_s": round(wall, 2), "runs": len(ran),
                       "case_time_s": round(sum(r.get("duration_s", 0) for r in ran), 2),
                       "ideal_s": round(ideal, 2),
                       "times_ideal": round(wall / ideal, 1) if ideal else None}
        log(f"  suite run {t.name}: {out[t.name]}")
    return out


# ---------------------------------------------------------------- summary and output

def summarise(samples, metric, base):
    vals = [v for v in samples if v is not None]
    if not vals:
        return None
    med = statistics.median(vals)
    entry = {"samples": [round(v, 3) for v in vals], "median": round(med, 3),
             "min": round(min(vals), 3), "max": round(max(vals), 3), "ratio": None}
    if base:
        ratio = (med / base) if metric.higher_is_better else (base / med if med > 0 else None)
        entry["ratio"] = round(ratio, 3) if ratio is not None else None
    return entry


def _fmt(v):
    if v is None:
        return "-"
    if abs(v) >= 100:
        return f"{v:.0f}"
    return f"{v:.1f}" if abs(v) >= 10 else f"{v:.2f}"


def table(report):
    """The results as a Markdown table: median (min-max) and ratio per target."""
    names = report["columns"]
    head = "| metric | unit | " + " | ".join(names) + " |"
    rule = "| --- | --- | " + " | ".join("---" for _ in names) + " |"
    rows = [head, rule]
    for m in METRICS:
        if m.name not in report["metrics"]:
            continue
        entry = report["metrics"][m.name]
        cells = []
        for n in names:
            e = entry.get("targets", {}).get(n)
            if not e:
                cells.append("-")
                continue
            cell = f"{_fmt(e['median'])} ({_fmt(e['min'])}–{_fmt(e['max'])})"
            if e.get("ratio") is not None:
                cell += f" ×{e['ratio']:.2f}"
            cells.append(cell)
        rows.append(f"| {m.name} | {m.unit} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def markdown(report):
    h = report["host"]
    lines = [f"# sockconf bench, {report['started']}", "",
             f"Machine: {h.get('cpu', '?')}, {h.get('cores', '?')} cores, "
             f"{h.get('system', '')} {h.get('release', '')} {h.get('machine', '')}. "
             f"{report['runs']} runs per figure, interleaved; median (min–max); ×ratio to "
             f"{report['baseline']}, above 1.0 is better (time and memory ratios are "
             f"{report['baseline']} / target).", "", table(report), ""]
    for m in METRICS:
        if m.name in report["metrics"]:
            lines.append(f"- **{m.name}**: {report['metrics'][m.name]['description']}")
    suite = report.get("suite")
    if suite:
        lines += ["", f"## The suite's own costs (case {suite['case']}), ms", "",
                  "| target | bare start | start + setup | case, host | overhead, host | "
                  "case, dual | overhead, dual |", "| --- | --- | --- | --- | --- | --- | --- |"]
        for name, e in suite["targets"].items():
            lines.append(f"| {name} | {_fmt(e['bare_start_ms'])} | {_fmt(e['setup_start_ms'])} | "
                         f"{_fmt(e.get('case_host_ms'))} | {_fmt(e.get('overhead_host_ms'))} | "
                         f"{_fmt(e.get('case_dual_ms'))} | {_fmt(e.get('overhead_dual_ms'))} |")
    runs = report.get("suite_runs")
    if runs:
        lines += ["", "## One suite run per target (`sockconf run --profile all`)", "",
                  "| target | wall s | runs (not skips) | case time s | ideal s | × ideal |",
                  "| --- | --- | --- | --- | --- | --- |"]
        for name, e in runs.items():
            lines.append(f"| {name} | {e['wall_s']} | {e['runs']} | {e['case_time_s']} | "
                         f"{e['ideal_s']} | {e['times_ideal']} |")
    return "\n".join(lines) + "\n"


def plot(report, path):
    """Bars with min-max whiskers, one panel per metric; False without matplotlib."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    names = report["columns"]
    shown_metrics = [m for m in METRICS if m.name in report["metrics"]]
    fig, axes = plt.subplots(1, len(shown_metrics), figsize=(4 * len(shown_metrics), 4),
                             squeeze=False)
    axes = axes[0]
    colours = ["#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3", "#937860"]
    for ax, m in zip(axes, shown_metrics):
        entry = report["metrics"][m.name]["targets"]
        shown = [n for n in names if n in entry]
        med = [entry[n]["median"] for n in shown]
        low = [entry[n]["median"] - entry[n]["min"] for n in shown]
        high = [entry[n]["max"] - entry[n]["median"] for n in shown]
        ax.bar(range(len(shown)), med, yerr=[low, high], capsize=4,
               color=[colours[names.index(n) % len(colours)] for n in shown])
        ax.set_xticks(range(len(shown)))
        ax.set_xticklabels(shown, rotation=30, ha="right")
        ax.set_title(f"{m.name}\n({m.unit}, {'higher' if m.higher_is_better else 'lower'} is better)",
                     fontsize=9)
    fig.suptitle(f"sockconf bench {report['started']}: median of {report['runs']} runs, "
                 "whiskers min–max", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return True


def machine():
    info = dict(host_info())
    info["cores"] = os.cpu_count()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return info


# ---------------------------------------------------------------- main

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
    ap = argparse.ArgumentParser(prog="make bench", description=__doc__.splitlines()[0])
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
