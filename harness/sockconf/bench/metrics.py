"""The benchmarks: what each measures, and the sizes of a full run and of a smoke."""

from dataclasses import dataclass

from .. import paths, profiles

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
