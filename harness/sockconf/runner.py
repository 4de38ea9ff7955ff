"""Run one case on one target in one profile and turn what happened into a record.

The verdict comes from the report file the prelude writes (never from stdout)
and from how the process ended; see spec/INTERPRETING.md for the contract.
"""

import json
import os
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from . import hermetic, paths

CAPTURE_BYTES = 16 * 1024       # kept of each of stdout and stderr
REPORT_BYTES = 1024 * 1024      # read of the report file at most
KILL_GRACE_S = 2.0


class Capture(threading.Thread):
    """Drain a pipe, keeping the first CAPTURE_BYTES and counting the rest."""

    def __init__(self, stream):
        super().__init__(daemon=True)
        self.stream, self.kept, self.total = stream, bytearray(), 0

    def run(self):
        while True:
            chunk = self.stream.read1(65536) if hasattr(self.stream, "read1") else self.stream.read(65536)
            if not chunk:
                break
            self.total += len(chunk)
            room = CAPTURE_BYTES - len(self.kept)
            if room > 0:
                self.kept += chunk[:room]
        self.stream.close()

    def text(self):
        out = self.kept.decode("utf-8", "replace")
        if self.total > len(self.kept):
            out += f"\n[... {self.total - len(self.kept)} more bytes not kept]"
        return out


def _kill_group(pid):
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def read_report(path: Path):
    records = []
    try:
        with open(path, "rb") as f:
            data = f.read(REPORT_BYTES)
    except OSError:
        return records
    for line in data.decode("utf-8", "replace").splitlines():
        try:
            rec = json.loads(line)
        except ValueError:
            continue            # a line cut short by a dying process
        if isinstance(rec, dict) and "t" in rec:
            records.append(rec)
    return records


def _signame(num):
    try:
        return signal.Signals(num).name
    except ValueError:
        return f"signal {num}"


def judge(records, returncode, timed_out, timeout_s, stderr_text=""):
    """The verdict and message from the report records and the process's end."""
    terminal = next((r for r in records if r["t"] in ("fail", "error", "skip")), None)
    done = any(r["t"] == "done" for r in records)
    extra = {}
    if terminal is not None:
        extra = {k: terminal.get(k, "") for k in ("expected", "actual", "line", "errorcode")
                 if terminal.get(k, "") != ""}
    if timed_out:
        msg = f"no result within {timeout_s:g}s; the process group was killed"
        if terminal is not None:
            msg += f" (after: {terminal.get('message') or terminal.get('reason')})"
        return "timeout", msg, extra
    if returncode is not None and returncode < 0:
        msg = f"interpreter killed by {_signame(-returncode)}"
        if terminal is not None:
            msg += f" (after: {terminal.get('message') or terminal.get('reason')})"
        return "crash", msg, extra
    if terminal is not None:
        if terminal["t"] == "skip":
            return "skip", terminal.get("reason", ""), extra
        msg = terminal.get("message", "")
        if terminal["t"] == "fail" and "expected" in terminal:
            msg += f": expected {terminal['expected']!r}, got {terminal.get('actual', '')!r}"
        return terminal["t"], msg, extra
    if done:
        if returncode == 0:
            return "pass", "", extra
        return "crash", (f"interpreter exited with status {returncode} after the case finished "
                         "(a sanitizer or memory checker report?)"), extra
    if not records:
        first = stderr_text.strip().splitlines()[:1] or ["no output on stderr"]
        return "error", f"interpreter exited with status {returncode} before the case started: {first[0]}", extra
    return "error", f"interpreter exited with status {returncode} before the case finished", extra


def merged_env(*layers):
    """Later layers win, except LD_PRELOAD, whose lists are joined (earlier first),
    so a target's preload (a sanitizer runtime) and a profile's (the fault shim)
    both apply."""
    env, preload = {}, []
    for layer in layers:
        env.update(layer)
        if layer.get("LD_PRELOAD"):
            preload += [p for p in layer["LD_PRELOAD"].split() if p not in preload]
    if preload:
        env["LD_PRELOAD"] = " ".join(preload)
    return env


def run_case(case, target, profile, timeout_scale=1.0):
    """Run CASE on TARGET inside PROFILE (a profile context); return a result record."""
    timeout_s = case.timeout * target.timeout_factor * timeout_scale
    with tempfile.TemporaryDirectory(prefix="sockconf-") as tmp:
        report = Path(tmp) / "report.jsonl"
        report.touch()
        argv = target.resolved_command() + [str(paths.TCL / "driver.tcl"), str(report),
                                            str(case.path), str(target.setup or "")]
        argv += [str(inc) for inc in case.includes]
        env = merged_env(os.environ, target.environ(), profile.env)
        started = time.monotonic()
        proc = subprocess.Popen(profile.wrap(hermetic.wrap(argv)), stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                cwd=tmp, env=env, start_new_session=True)
        out, err = Capture(proc.stdout), Capture(proc.stderr)
        out.start()
        err.start()
        timed_out = False
        try:
            proc.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            timed_out = True
        finally:
            # Whatever the case left running (helper peers, a hung interpreter) goes too.
            _kill_group(proc.pid)
            try:
                proc.wait(timeout=KILL_GRACE_S)
            except subprocess.TimeoutExpired:
                pass
        duration = time.monotonic() - started
        out.join(KILL_GRACE_S)
        err.join(KILL_GRACE_S)
        records = read_report(report)
    verdict, message, extra = judge(records, None if timed_out else proc.returncode,
                                    timed_out, timeout_s, err.text())
    start = next((r for r in records if r["t"] == "start"), {})
    observations = {}
    for r in records:
        if r["t"] == "observe":
            observations[r.get("key", "")] = r.get("value", "")
    record = {
        "case": case.id, "slug": case.slug, "target": target.name, "profile": profile.name,
        "verdict": verdict, "duration_s": round(duration, 3), "clauses": list(case.clauses),
        "message": message, "observations": observations,
        "title": case.title, "path": str(case.path.relative_to(paths.ROOT))
        if case.path.is_relative_to(paths.ROOT) else str(case.path),
        "tcl": start.get("tcl", ""), "exit": proc.returncode,
        "stdout": out.text(), "stderr": err.text(),
    }
    record.update(extra)
    return record


def apply_expectation(record, expectation):
    """Turn a raw verdict into xfail/xpass against the target's expectation."""
    if expectation is None:
        return record
    record["expected_verdict"] = expectation.verdict
    record["expectation"] = expectation.reason
    if record["verdict"] == expectation.verdict:
        record["raw_verdict"], record["verdict"] = record["verdict"], "xfail"
    elif record["verdict"] == "pass":
        record["raw_verdict"], record["verdict"] = "pass", "xpass"
        record["message"] = f"passed, but expected {expectation.verdict}: {expectation.reason}"
    return record


EXPECTED_VERDICTS = ("pass", "skip", "xfail")
