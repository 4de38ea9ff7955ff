"""`./sockconf run`: check everything the user gave, then run pytest and judge the run.

Before pytest starts, every input is checked and each problem is a ConfigError
(one line on stderr, exit 2): option values, targets (each must answer the
version probe as a Tcl interpreter), profiles, every case file of the folder
(file:line, duplicate ids naming both files), expectations (file:line), and the
report folder (it must be a folder we can write, and no other run may be
writing to it: a lock).

pytest runs in a process group of its own. SIGINT and SIGTERM, whether sent to
this process or to its group, are passed on to that group: the pytest process
stops as after Ctrl-C and writes results.json (complete: false, a status), its
workers and their interpreters die (the interpreters die with their parent:
sockconf-launch), the reports are rendered, and the exit status is 130 or 143.

The run's exit status is decided here, never taken on trust: 0 only when the
run completed, every selected item has a record, and none is unexpected.
"""

import ctypes
import fcntl
import hashlib
import json
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from . import casefile, gate, launch, netns, paths, profiles, progress, reports, results, spec, targets
from .errors import ConfigError

PYTHON = sys.executable          # the harness's own (.venv's), where the plugin is installed
MAX_TIMEOUT_SCALE = 100.0
STOP_GRACE_S = 30.0             # after a signal, how long pytest may take to write what it has
STDERR_KEEP = 64 * 1024
LOCK_NAME = ".sockconf-run.lock"
EXIT_BY_SIGNAL = {signal.SIGINT: 130, signal.SIGTERM: 143}


def max_jobs():
    return max(2, 4 * (os.cpu_count() or 1))


MAX_REPEAT = 100


def check_options(args):
    if not 1 <= args.repeat <= MAX_REPEAT:
        raise ConfigError(f"--repeat must be between 1 and {MAX_REPEAT}, not {args.repeat}")
    if args.shard is not None:
        i, _, n = args.shard.partition("/")
        if not (i.isdigit() and n.isdigit() and 1 <= int(i) <= int(n)):
            raise ConfigError(f"--shard must be I/N with 1 <= I <= N (e.g. 2/4), not {args.shard!r}")
    elif args.shard_durations:
        raise ConfigError("--shard-durations needs --shard I/N")
    if args.shard_durations:
        args.durations = read_durations(args.shard_durations, args.out)
    if args.baseline:
        args.baseline_doc = results.load(args.baseline)
    scale = args.timeout_scale
    if not (math.isfinite(scale) and 0 < scale <= MAX_TIMEOUT_SCALE):
        raise ConfigError(f"--timeout-scale must be a number in (0, {MAX_TIMEOUT_SCALE:g}], not {scale:g}")
    if not 1 <= args.jobs <= max_jobs():
        raise ConfigError(f"--jobs must be between 1 and {max_jobs()} "
                          f"(4 per core on this machine), not {args.jobs}")


def read_durations(path, out):
    """({item key: seconds}, sha256 of the file) from a results file, read now -
    before the output folder is prepared - and refused when it is that folder's
    own results.json, which the run is about to replace."""
    p = Path(path).resolve()
    if p.parent == Path(out).resolve():
        raise ConfigError(f"--shard-durations {path}: is in --out {out}, whose results.json this "
                          "run replaces; copy it elsewhere first")
    doc = results.load(path)
    digest = "sha256:" + hashlib.sha256(p.read_bytes()).hexdigest()
    table = {"\t".join((r["case"], r["target"], r["profile"])): float(r.get("duration_s", 0))
             for r in doc["results"]}
    return table, digest


def load_cases(cases_dir):
    """casefile.load_all of CASES_DIR, and the spec it was checked against."""
    sp = spec.load()
    return casefile.load_all(cases_dir, sp), sp


class OutDir:
    """The report folder of a run, locked for the run's whole length."""

    def __init__(self, path):
        self.path = Path(path)
        self.fd = None

    def __enter__(self):
        p = self.path
        if p.exists() and not p.is_dir():
            raise ConfigError(f"--out {p}: exists and is not a folder")
        try:
            p.mkdir(parents=True, exist_ok=True)
            self.fd = os.open(p / LOCK_NAME, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
            probe = tempfile.NamedTemporaryFile(dir=p, prefix=".sockconf-write-test-")
            probe.close()
        except OSError as exc:
            raise ConfigError(f"--out {p}: cannot write reports there: {exc.strerror}") from None
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(self.fd, 64, 0).decode("ascii", "replace").strip() or "?"
            os.close(self.fd)
            raise ConfigError(f"--out {p}: another sockconf run (pid {holder}) is writing there; "
                              "wait for it or choose another folder") from None
        os.ftruncate(self.fd, 0)
        os.pwrite(self.fd, f"{os.getpid()}\n".encode(), 0)
        return self

    def __exit__(self, *exc):
        if self.fd is not None:
            try:
                os.unlink(self.path / LOCK_NAME)
            except OSError:
                pass
            os.close(self.fd)        # releases the lock


def _die_with_parent():
    """In the pytest child, before exec: SIGTERM when this process dies, so an
    orphaned run still stops and writes what it has."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)   # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class Stopper:
    """Pass SIGINT/SIGTERM on to pytest's process group; a second one kills it."""

    def __init__(self):
        self.signal = None
        self.proc = None
        self._old = {}

    def __enter__(self):
        for sig in (signal.SIGINT, signal.SIGTERM):
            self._old[sig] = signal.signal(sig, self._handle)
        return self

    def __exit__(self, *exc):
        for sig, old in self._old.items():
            signal.signal(sig, old)

    def _handle(self, signum, frame):
        first = self.signal is None
        if first:
            self.signal = signal.Signals(signum)
        if self.proc is not None and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signum if first else signal.SIGKILL)
            except ProcessLookupError:
                pass


def pytest_argv(args, cases_dir, result_file, out, target_info):
    # the plugin comes with the package (its pytest11 entry point); pyproject.toml, which has
    # no pytest settings, is named so no other configuration file on the way is read
    argv = [PYTHON, "-m", "pytest", str(cases_dir), "-p", "no:cacheprovider",
            "-p", "no:tmpdir",      # cases use no pytest fixtures: no pytest-of-<user> folders
            "--rootdir", str(paths.ROOT), "-c", str(paths.ROOT / "pyproject.toml"),
            "--sc-out", str(result_file), "--sc-target-info", str(target_info),
            "--sc-timeout-scale", repr(args.timeout_scale), "-rfEX", "--tb=native"]
    argv += ["-v"] if args.verbose else ["-q"]
    if args.strict_compat:
        argv += ["--sc-strict-compat"]
    if args.repeat > 1:
        argv += ["--sc-repeat", str(args.repeat)]
    if args.shard:
        argv += ["--sc-shard", args.shard]
    if getattr(args, "durations_file", None):
        argv += ["--sc-durations", str(args.durations_file), "--sc-durations-hash", args.durations[1]]
    for t in args.target:
        argv += ["--sc-target", t]
    for p in args.profiles:
        argv += ["--sc-profile", p.name]
    if args.keyword:
        argv += ["-k", args.keyword]
    if args.jobs > 1:
        argv += ["-n", str(args.jobs), "--max-worker-restart", "0"]
    if sys.stdout.isatty():             # pytest writes to the progress relay's pipe (progress.py)
        argv += ["--color=yes"]
    return argv + list(args.pytest_args)


def _drain(stream, keep):
    while True:
        chunk = stream.read(65536)
        if not chunk:
            break
        room = STDERR_KEEP - len(keep)
        if room > 0:
            keep += chunk[:room]


def reap_leftovers():
    """What runs killed by SIGKILL left (no handler runs then): their sockconf-KIND-PID-*
    folders in TMPDIR and, where namespaces can be made, their network namespaces and
    /etc/netns entries. Done at the start of every run, host-only runs too."""
    paths.reap_stale_tempdirs()
    if not netns.unavailable_reason():
        netns.reap_stale()


def cmd_run(args):
    check_options(args)
    launch.launcher()
    reap_leftovers()
    notes = []
    chosen = targets.select(args.target, notes=notes)
    args.profiles = profiles.select(args.profile or ["all"])
    cases, _ = load_cases(args.cases)
    ids = {c.id for c in cases}
    if Path(args.cases).resolve() != paths.CASES.resolve():
        # built-in expectations speak of the project's own cases
        ids |= {p.name[:4] for p in casefile.discover(paths.CASES)}
    for t in chosen:
        t.check_expectations(ids)
    for t in chosen:
        t.probe_version()
    for n in notes:
        print(f"sockconf: note: {n}", file=sys.stderr)

    with OutDir(args.out) as out, Stopper() as stopper:
        tmp = paths.run_tempdir("cli")
        result_file = out.path / "results.json"
        target_info = tmp / "targets.json"
        target_info.write_text(json.dumps({t.name: t.version for t in chosen}), encoding="utf-8")
        if getattr(args, "durations", None):
            args.durations_file = tmp / "durations.json"
            args.durations_file.write_text(json.dumps(args.durations[0]), encoding="utf-8")
        previous = progress.previous_durations(result_file)
        if result_file.exists():
            result_file.unlink()
        env = dict(os.environ)
        if sys.stdout.isatty():
            env["COLUMNS"] = str(shutil.get_terminal_size().columns)
        proc = subprocess.Popen(pytest_argv(args, args.cases, result_file, out.path, target_info),
                                env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, start_new_session=True, preexec_fn=_die_with_parent)
        sys.stdout.flush()
        relay = progress.relay(proc.stdout.fileno(), sys.stdout.buffer, progress.Estimate(
            previous, result_file, {t.name for t in chosen}, {p.name for p in args.profiles}) if previous else None)
        stopper.proc = proc
        if stopper.signal is not None:          # a signal came before pytest started
            stopper._handle(stopper.signal, None)
        err = bytearray()
        drain = threading.Thread(target=_drain, args=(proc.stderr, err), daemon=True)
        drain.start()
        rc = _wait(proc, stopper)
        drain.join(5)
        relay.join(5)
        paths.remove_tempdir(tmp)
        if rc == 5 and stopper.signal is None and _whole_has_items(result_file):
            rc = 0      # nothing to run (an empty shard, or only items decided at collection)
        return _judge_run(rc, stopper.signal, result_file, out.path, bytes(err),
                          getattr(args, "baseline_doc", None), args.baseline)


def _whole_has_items(result_file):
    """True when the run whose shard wrote RESULT_FILE selected any item at all."""
    try:
        doc = results.load(result_file)
    except ConfigError:
        return False
    return bool(doc.get("selection", {}).get("items"))


def _wait(proc, stopper):
    while True:
        try:
            rc = proc.wait(timeout=0.5)
            break
        except subprocess.TimeoutExpired:
            if stopper.signal is not None and not hasattr(stopper, "deadline"):
                stopper.deadline = time.monotonic() + STOP_GRACE_S
            if getattr(stopper, "deadline", None) and time.monotonic() > stopper.deadline:
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
    # whatever pytest left in its group (a worker that outlived it) goes too
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    return rc


# pytest options that need its cache provider, which sockconf turns off
CACHE_OPTIONS = ("--lf", "--last-failed", "--ff", "--failed-first", "--nf", "--new-first", "--sw",
                 "--stepwise", "--sw-skip", "--stepwise-skip", "--lfnf", "--last-failed-no-failures",
                 "--cache-show", "--cache-clear")


def refusal(err):
    """Why pytest refused its arguments, in one line: its own reason ("error:
    unrecognized arguments: --lf"), not the usage line before it."""
    text = err.decode("utf-8", "replace")
    m = re.search(r"\berror: (.+)", text)
    reason = m.group(1).strip() if m else _first_error_line(err)
    words = {w.split("=")[0] for w in reason.replace(",", " ").split()}
    if words & set(CACHE_OPTIONS):
        reason += (" (sockconf runs pytest without its cache, so --lf and the other cache options "
                   "cannot work: results.json has every result; select cases again with -k)")
    return reason


def _first_error_line(err):
    lines = err.decode("utf-8", "replace").strip().splitlines()
    internal = [ln.removeprefix("INTERNALERROR>").strip() for ln in lines
                if ln.startswith("INTERNALERROR>") and ln.removeprefix("INTERNALERROR>").strip()]
    if internal:
        return internal[-1]             # the exception's own line, not its traceback
    errors = [ln for ln in lines if ln.startswith("ERROR:")]
    return (errors or lines or ["no detail"])[0].removeprefix("ERROR:").strip()


def _judge_run(rc, stopped, result_file, out, err, baseline=None, baseline_path=None):
    """The run's exit status from pytest's status, the signal that stopped it,
    and what results.json holds."""
    if stopped is None and rc == 4:
        raise ConfigError(f"pytest refused the run: {refusal(err)}")
    if stopped is None and rc == 5:
        raise ConfigError("no case selected (check -k and --cases)")
    if err and not (stopped is None and rc in (3, 4, 5)):
        sys.stderr.write(err.decode("utf-8", "replace"))
    if not result_file.exists():
        if stopped is not None:
            print(f"sockconf: stopped by {stopped.name} before any result", file=sys.stderr)
            return EXIT_BY_SIGNAL[stopped]
        raise ConfigError(f"pytest ended (status {rc}) without writing {result_file}: "
                          f"{_first_error_line(err)}")
    doc = results.load(result_file)
    problems = []
    if stopped is not None:
        doc["complete"] = False
        doc["status"] = f"interrupted by {stopped.name}"
    elif rc not in (0, 1):
        doc["complete"] = False
        doc.setdefault("status", f"pytest exit status {rc}")
        problems.append(f"the harness failed (pytest exit status {rc}): {_first_error_line(err)}")
    selected = doc.get("selected")
    if doc.get("complete") and selected is not None and selected != len(doc["results"]):
        doc["complete"] = False
        doc["status"] = f"{selected} items selected, {len(doc['results'])} records"
    verdict = gate.judge(doc, baseline, baseline_path)
    try:
        results.write_atomic(result_file, json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
    except OSError as exc:
        raise ConfigError(f"--out {out}: cannot write results.json: {exc.strerror} (the "
                          "results so far are in it)") from None
    failed = write_reports(doc, out)
    if failed:
        problems.append(failed)
    sys.stdout.write("\n" + summary_text(doc))
    if stopped is not None:
        return EXIT_BY_SIGNAL[stopped]
    for p in problems + verdict.lines():
        print(f"sockconf: {p}", file=sys.stderr)
    if problems or not verdict.green:
        return 1
    if rc == 1:
        print("sockconf: pytest reported a failure that left no unexpected record", file=sys.stderr)
        return 1
    return 0


def write_reports(doc, out, source_url=None):
    """Render every report of DOC into OUT. A failure to render is the harness's
    own (a bug): it is returned as one line, never a traceback, and results.json
    - already written - stays the record of the run."""
    try:
        reports.write_all(doc, Path(out), source_url=source_url)
        return ""
    except Exception as exc:                # noqa: BLE001 - any bug in a report
        return f"the reports could not be rendered ({type(exc).__name__}: {exc}); results.json is complete"


def summary_text(doc):
    """What the terminal gets at the end: summary.md with the skip reasons in at
    most five lines and the verdict last (reports.terminal_summary)."""
    try:
        return reports.terminal_summary(doc)
    except Exception as exc:                # noqa: BLE001
        return f"(no summary: {type(exc).__name__}: {exc})\n"
