"""Run one case on one target in one profile and turn what happened into a record.

The verdict comes from the report channel the prelude writes (never from stdout)
and from how the process ended; see spec/INTERPRETING.md for the contract.
"""

import json
import os
import queue
import threading

from . import faults, launch, model, paths
from .record import Record

REPORT_BYTES = launch.CHANNEL_BYTES     # taken of the report channel at most


RECORD_FIELDS = {
    "start": {"tcl", "pid"},
    "observe": {"key", "value"},
    "measure": {"key", "value"},
    "compat": {"message", "expected", "actual", "line"},
    "fail": {"message", "expected", "actual", "line"},
    "error": {"message", "errorcode", "info", "line"},
    "done": {"checks"},
}


class Unusable(ValueError):
    """A record on the side channel that the harness cannot take: the case's verdict is error."""


def _check_record(rec):
    if not isinstance(rec, dict):
        raise Unusable("not a JSON object")
    kind = rec.get("t")
    if kind not in RECORD_FIELDS:
        raise Unusable(f"unknown record type {kind!r}" if isinstance(kind, str)
                       else "the record type 't' is not a string")
    for key, value in rec.items():
        if key == "t":
            continue
        if key not in RECORD_FIELDS[kind]:
            raise Unusable(f"{kind} record has an unknown field {key!r}")
        if not isinstance(value, str):
            raise Unusable(f"field {key!r} of a {kind} record is not a string")
    for value in rec.values():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise Unusable("a string holds a lone surrogate (not text)") from None
    return rec


def read_report(data: bytes, flooded=False):
    """(records, problem): the side channel's records in order, and the first
    reason it cannot be trusted ("" when it can). DATA is what arrived on the
    channel (at most its limit: FLOODED says more came). A last line without
    its newline is a record cut short by a dying process and is dropped; any
    other line that is not a well-formed record makes the channel unusable."""
    records = []
    if flooded or len(data) > REPORT_BYTES:
        return records, f"the side channel holds more than {REPORT_BYTES // 1024} KiB (flooded)"
    lines = data.split(b"\n")
    cut_short = lines.pop()         # b"" when the data ends with a newline
    for no, raw in enumerate(lines, start=1):
        try:
            rec = _check_record(json.loads(raw.decode("utf-8")))
        except Unusable as exc:
            return records, f"unusable record on the side channel, line {no}: {exc}"
        except ValueError as exc:
            return records, f"unusable record on the side channel, line {no}: not JSON ({exc})"
        records.append(rec)
    del cut_short
    return records, ""


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


def fault_proof(case, records, channel):
    """(problem, what was injected where) from the fault shim's channel (CHANNEL,
    a launch.Capture) for CASE's declared and armed faults (sockconf.faults.judge);
    model.proven says what the problem does to the verdict."""
    start = next((r for r in records if r["t"] == "start"), {})
    return faults.judge(case.faults, bytes(channel.kept), start.get("pid", ""),
                        flooded=channel.flooded)


def run_case(case, target, profile, timeout_scale=1.0):
    """Run CASE on TARGET inside PROFILE (a profile context); return its record.Record.

    The report channel is a pipe the interpreter inherits (the driver opens it as
    /proc/self/fd/N), so nothing another item can reach; so is the fault shim's
    channel (SOCKCONF_FAULT_FD)."""
    timeout_s = case.timeout * target.timeout_factor * timeout_scale
    env = merged_env(os.environ, target.environ(case=case.id, profile=profile.name), profile.env)
    env.pop("SOCKCONF_FAULT_FAIL", None)
    env.pop("SOCKCONF_FAULT_RULES", None)
    if case.faults:
        env["SOCKCONF_FAULT_RULES"] = faults.declared_value([g for g, _ in case.faults])
    run = launch.Launch([], timeout_s=timeout_s, context=profile, env=env,
                        sandbox=target.sandbox([case.path, *case.includes]),
                        channels=("report", "fault"))
    run.argv = target.resolved_command() + [str(paths.TCL / "driver.tcl"), run.channel_path("report"),
                                            str(case.path), str(target.setup or "")]
    run.argv += [str(inc) for inc in case.includes]
    run.env["SOCKCONF_FAULT_FD"] = str(run.channel_fd("fault"))
    out = run.start().wait()
    report = out.channels["report"]
    records, problem = read_report(bytes(report.kept), report.flooded)
    if out.launch_error:
        problem = f"the harness could not start the interpreter: {out.launch_error}"
    verdict, message, extra = model.raw_verdict(records, out.returncode, out.timed_out, timeout_s,
                                                out.stderr, problem)
    fault_problem, injected = fault_proof(case, records, out.channels["fault"])
    verdict, message = model.proven(verdict, message, fault_problem)
    start = next((r for r in records if r["t"] == "start"), {})
    observations, measurements, differences = {}, {}, []
    for r in records:
        if r["t"] == "observe":
            observations[r.get("key", "")] = r.get("value", "")
        elif r["t"] == "measure":
            measurements[r.get("key", "")] = r.get("value", "")
        elif r["t"] == "compat":
            differences.append({k: r.get(k, "") for k in ("message", "expected", "actual", "line")})
    done = next((r for r in records if r["t"] == "done"), None)
    if differences:
        compat = "differs"
    elif done is not None and done.get("checks", "0") not in ("", "0"):
        compat = "same"
    else:
        compat = "unchecked"
    record = Record.new(
        case, target.name, profile.name, verdict, message,
        duration_s=round(out.duration_s, 3), observations=observations, measurements=measurements,
        compat=compat, compat_differences=differences, tcl=start.get("tcl", ""),
        ran=True, exit=out.returncode, stdout=out.stdout, stderr=out.stderr,
        faults=injected or None, **extra)
    return record


def parallel(jobs, tasks, fn, workers):
    """fn(worker, task) for every task, one thread per worker of WORKERS (at most JOBS of
    them); results in task order. The first exception a call raises (a harness bug) stops
    every thread and is raised here. The explorer and the mutation engine share it."""
    results = [None] * len(tasks)
    todo = queue.Queue()
    for i, t in enumerate(tasks):
        todo.put((i, t))
    errors = []

    def loop(w):
        try:
            while not errors:
                try:
                    i, t = todo.get_nowait()
                except queue.Empty:
                    return
                results[i] = fn(w, t)
        except BaseException as exc:        # a harness bug: stop, report it
            errors.append(exc)

    threads = [threading.Thread(target=loop, args=(w,), daemon=True) for w in workers[:max(1, jobs)]]
    for t in threads:
        t.start()
    for t in threads:
        while t.is_alive():
            t.join(0.5)
    if errors:
        raise errors[0]
    return results
