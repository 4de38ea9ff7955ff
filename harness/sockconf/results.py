"""The result file (schema sockconf-results/1): building, atomic writing, reading."""

import json
import os
import platform
import tempfile
import threading
from datetime import datetime, timezone
from pathlib import Path

from . import SCHEMA, sources
from .errors import ConfigError

REQUIRED_RECORD_KEYS = ("case", "slug", "target", "profile", "verdict", "duration_s",
                        "clauses", "message", "observations")
VERDICTS = ("pass", "fail", "error", "timeout", "crash", "skip", "xfail", "xpass")


COMPAT_OUTCOMES = ("same", "differs", "unchecked")


def make_record(case, target, profile, verdict, message, **extra):
    """The one place a result record is built (schema sockconf-results/1 plus
    sockconf's own keys, spec/INTERPRETING.md section 6). CASE is a
    casefile.Case, TARGET a target name, PROFILE a profile name."""
    from . import paths
    path = case.path
    rec = {
        "case": case.id, "slug": case.slug, "target": target, "profile": profile,
        "verdict": verdict, "duration_s": 0.0, "clauses": list(case.clauses),
        "message": message, "observations": {}, "measurements": {},
        "compat": "unchecked", "compat_differences": [],
        "title": case.title,
        "path": str(path.relative_to(paths.ROOT)) if path.is_relative_to(paths.ROOT) else str(path),
    }
    rec.update(extra)
    return rec


def now_iso():
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def host_info():
    u = platform.uname()
    return {"system": u.system, "release": u.release, "machine": u.machine}


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


UMASK = _umask()


def write_atomic(path: Path, text: str, durable=True):
    """Write text so that readers see the old file or the new one, never a part.
    The file gets the mode a plain open() would give it (0666 less the umask).
    DURABLE (the default) also syncs it to disk before the rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~UMASK)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            if durable:
                f.flush()
                os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


SEVERITY = ("pass", "xfail", "skip", "xpass", "fail", "timeout", "error", "crash")


def combine_runs(runs):
    """One record from the runs of a repeated item: the most severe run's
    record (a failure is never retried to green), with every run's verdict in
    "runs" and "flaky": true when they differ."""
    if len(runs) == 1:
        return runs[0]
    worst = max(runs, key=lambda r: SEVERITY.index(r["verdict"]) if r["verdict"] in SEVERITY else 99)
    out = dict(worst)
    out["runs"] = [{"verdict": r["verdict"], "duration_s": r.get("duration_s", 0.0),
                    "message": r.get("message", ""), "compat": r.get("compat", "unchecked")}
                   for r in runs]
    out["flaky"] = len({(r["verdict"], r.get("compat")) for r in runs}) > 1
    return out


class ResultFile:
    """Results of one run. A background thread rewrites the file atomically
    within `interval` seconds of a new record, and write(finished=True) once at
    the end, so an interrupted run keeps what it had."""

    def __init__(self, path, targets, profiles, interval=1.0):
        self.path = Path(path)
        self.doc = {"schema": SCHEMA, "started": now_iso(), "finished": None,
                    "host": host_info(), "targets": targets, "profiles": profiles,
                    "complete": False, "results": []}
        self._lock = threading.Lock()
        self._runs, self._at = {}, {}
        self._dirty = threading.Event()
        self._stop = threading.Event()
        self._interval = interval
        self.write()
        self._thread = threading.Thread(target=self._flusher, daemon=True)
        self._thread.start()

    def _flusher(self):
        while not self._stop.is_set():
            self._dirty.wait()
            if self._stop.wait(self._interval):
                return
            self._dirty.clear()
            self.write()

    def add(self, record):
        """Add a record. Records of the same (case, target, profile) are runs of a
        repeated item (--repeat): they become one record (combine_runs)."""
        key = (record["case"], record["target"], record["profile"])
        with self._lock:
            runs = self._runs.setdefault(key, [])
            runs.append(record)
            combined = combine_runs(runs)
            if key in self._at:
                self.doc["results"][self._at[key]] = combined
            else:
                self._at[key] = len(self.doc["results"])
                self.doc["results"].append(combined)
        self._dirty.set()

    def write(self, finished=False, status=None):
        with self._lock:
            if finished:
                self._stop.set()
                self._dirty.set()
                self.doc["finished"] = now_iso()
                self.doc["complete"] = status == "complete"
                if status != "complete":
                    self.doc["status"] = status
            self.doc["results"].sort(key=lambda r: (r["case"], r["target"], r["profile"]))
            if finished:
                sources.attach(self.doc)      # the case lines the records name, as they ran
            self._at = {(r["case"], r["target"], r["profile"]): i
                        for i, r in enumerate(self.doc["results"])}
            # The rewrites while the run goes on are compact (json's C encoder: about
            # 7 times faster than indent=1) and not synced; the last one is both.
            text = json.dumps(self.doc, indent=1 if finished else None, ensure_ascii=False)
            write_atomic(self.path, text + "\n", durable=finished)


def _problems_of_record(i, rec):
    if not isinstance(rec, dict):
        return [f"results[{i}] is not an object"]
    problems = []
    for key in REQUIRED_RECORD_KEYS:
        if key not in rec:
            problems.append(f"results[{i}]: missing '{key}'")
    for key in ("case", "slug", "target", "profile", "message"):
        if key in rec and not isinstance(rec[key], str):
            problems.append(f"results[{i}]: '{key}' is not a string")
    if isinstance(rec.get("case"), str) and not rec["case"].isdigit():
        problems.append(f"results[{i}]: case {rec['case']!r} is not a case id")
    if rec.get("verdict") not in VERDICTS:
        problems.append(f"results[{i}]: verdict {rec.get('verdict')!r} is not one of {VERDICTS}")
    if not isinstance(rec.get("clauses", []), list) or \
            not all(isinstance(c, str) for c in rec.get("clauses", [])):
        problems.append(f"results[{i}]: clauses is not a list of strings")
    for key in ("observations", "measurements"):
        value = rec.get(key, {})
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            problems.append(f"results[{i}]: {key} is not an object of strings")
    if isinstance(rec.get("duration_s", 0), bool) or not isinstance(rec.get("duration_s", 0), (int, float)):
        problems.append(f"results[{i}]: duration_s is not a number")
    if rec.get("compat", "unchecked") not in COMPAT_OUTCOMES:
        problems.append(f"results[{i}]: compat {rec.get('compat')!r} is not one of {COMPAT_OUTCOMES}")
    diffs = rec.get("compat_differences", [])
    if not isinstance(diffs, list) or not all(
            isinstance(d, dict) and all(isinstance(d.get(k, ""), str)
                                        for k in ("message", "expected", "actual", "line"))
            for d in diffs):
        problems.append(f"results[{i}]: compat_differences is not a list of differences")
    for key in ("stdout", "stderr", "title", "path", "line", "expected", "actual"):
        if key in rec and not isinstance(rec[key], str):
            problems.append(f"results[{i}]: '{key}' is not a string")
    return problems


def _not_text(node, where="document", depth=0):
    """The first string in NODE that is not text (a lone surrogate), or ""."""
    if depth > 20:
        return f"{where} is nested too deeply"
    if isinstance(node, str):
        try:
            node.encode("utf-8")
        except UnicodeEncodeError:
            return f"{where} holds a lone surrogate (not text)"
        return ""
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for k, v in items:
        bad = (_not_text(k, f"a key in {where}", depth + 1) if isinstance(k, str) else "") or \
            _not_text(v, f"{where}[{k!r}]", depth + 1)
        if bad:
            return bad
    return ""


def validate(doc):
    """Problems with a results document, as a list of strings (empty = valid)."""
    problems = []
    if not isinstance(doc, dict):
        return ["document is not an object"]
    bad = _not_text(doc)
    if bad:
        return [bad]
    if doc.get("schema") != SCHEMA:
        problems.append(f"schema is {doc.get('schema')!r}, expected {SCHEMA!r}")
    for key, kind in (("started", str), ("host", dict), ("targets", dict), ("profiles", list),
                      ("results", list)):
        if not isinstance(doc.get(key), kind):
            problems.append(f"'{key}' missing or not {kind.__name__}")
    if isinstance(doc.get("targets"), dict) and not all(
            isinstance(v, dict) for v in doc["targets"].values()):
        problems.append("'targets' entries are not objects")
    if isinstance(doc.get("profiles"), list) and not all(isinstance(p, str) for p in doc["profiles"]):
        problems.append("'profiles' is not a list of names")
    for i, rec in enumerate(doc.get("results") or [] if isinstance(doc.get("results"), list) else []):
        problems += _problems_of_record(i, rec)
    return problems


def load(path):
    """A validated results document, or ConfigError naming PATH and the first problem."""
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a folder, not a result file") from None
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such result file") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
    except ValueError as exc:
        raise ConfigError(f"{path}: not JSON: {exc}") from None
    problems = validate(doc)
    if problems:
        raise ConfigError(f"{path}: not a {SCHEMA} file: {problems[0]}")
    return doc
