"""The result file (schema sockconf-results/1): building, atomic writing, reading."""

import json
import os
import platform
import tempfile
import threading
from datetime import datetime, timezone
from pathlib import Path

from . import SCHEMA
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


def write_atomic(path: Path, text: str):
    """Write text so that readers see the old file or the new one, never a part."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


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
        with self._lock:
            self.doc["results"].append(record)
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
            write_atomic(self.path, json.dumps(self.doc, indent=1, ensure_ascii=False) + "\n")


def validate(doc):
    """Problems with a results document, as a list of strings (empty = valid)."""
    problems = []
    if not isinstance(doc, dict):
        return ["document is not an object"]
    if doc.get("schema") != SCHEMA:
        problems.append(f"schema is {doc.get('schema')!r}, expected {SCHEMA!r}")
    for key, kind in (("started", str), ("host", dict), ("targets", dict), ("profiles", list),
                      ("results", list)):
        if not isinstance(doc.get(key), kind):
            problems.append(f"'{key}' missing or not {kind.__name__}")
    for i, rec in enumerate(doc.get("results") or []):
        for key in REQUIRED_RECORD_KEYS:
            if key not in rec:
                problems.append(f"results[{i}]: missing '{key}'")
        if rec.get("verdict") not in VERDICTS:
            problems.append(f"results[{i}]: verdict {rec.get('verdict')!r} is not one of {VERDICTS}")
        if not isinstance(rec.get("clauses", []), list):
            problems.append(f"results[{i}]: clauses is not a list")
        if not isinstance(rec.get("observations", {}), dict):
            problems.append(f"results[{i}]: observations is not an object")
        if not isinstance(rec.get("duration_s", 0), (int, float)):
            problems.append(f"results[{i}]: duration_s is not a number")
    return problems


def load(path):
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
    except ValueError as exc:
        raise ConfigError(f"{path}: not JSON: {exc}") from None
    problems = validate(doc)
    if problems:
        raise ConfigError(f"{path}: not a {SCHEMA} file: {problems[0]}")
    return doc
