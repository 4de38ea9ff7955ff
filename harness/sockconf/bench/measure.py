"""Measuring: where a run happens (a fresh namespace), starting the programs through
sockconf.launch, one run of one metric, and the suite's own costs."""

import json
import os
import select
import statistics
import subprocess
import time
from pathlib import Path

from .. import casefile, hermetic, launch, netns, paths, profiles, runner
from .metrics import BENCH_TCL, CEILING, CEILING_NAME, OVERHEAD_CASE, RUN_TIMEOUT_S, BenchError

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
                    rec = runner.run_case(case, t, ctx)
                    times.append(rec.duration_s * 1000)
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
    out = {}
    cores = os.cpu_count() or 1
    for t in chosen:
        tmp = paths.run_tempdir("benchsuite")
        try:
            t0 = time.monotonic()
            subprocess.run([str(paths.ROOT / "sockconf"), "run", "--target", t.name, "--profile",
                            "all", "--jobs", str(jobs), "--out", tmp], stdin=subprocess.DEVNULL,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=1800)
            wall = time.monotonic() - t0
            try:
                data = json.loads((Path(tmp) / "results.json").read_text())
            except (OSError, ValueError):
                raise BenchError(f"suite run of {t.name} wrote no results.json") from None
        finally:
            paths.remove_tempdir(tmp)
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
