"""The result file (schema sockconf-results/1): building, atomic writing, reading."""

import json
import math
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


def write_output(path, text):
    """write_atomic for a file the user named (merge --out, expectations --file):
    any failure to write is a ConfigError in one line, and nothing is left."""
    try:
        write_atomic(path, text)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot write: {exc.strerror or exc}") from None


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
        self.error = ""             # why the last write failed (a full disk), "" when it did not
        self._runs, self._at = {}, {}
        self._dirty = threading.Event()
        self._stop = threading.Event()
        self._interval = interval
        self._thread = None
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
            try:
                write_atomic(self.path, text + "\n", durable=finished)
                self.error = ""
            except OSError as exc:
                # the file keeps its last good version; the run goes on and says so at the end
                self.error = f"cannot write {self.path}: {exc.strerror or exc}"
                if self._thread is None:
                    raise ConfigError(self.error) from None


MAX_DURATION_S = 1e6


def _number_problem(value, what, lo=0.0, hi=MAX_DURATION_S):
    """Why VALUE is not a finite number in [LO, HI] ("" when it is)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return f"{what} is not a number"
    try:
        number = float(value)
    except OverflowError:
        return f"{what} is out of range"
    if not (math.isfinite(number) and lo <= number <= hi):
        return f"{what} is out of range ({lo:g} to {hi:g})"
    return ""


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
    bad = _number_problem(rec.get("duration_s", 0), f"results[{i}]: duration_s")
    if bad:
        problems.append(bad)
    for key in ("flaky",):
        if key in rec and not isinstance(rec[key], bool):
            problems.append(f"results[{i}]: '{key}' is not true or false")
    runs = rec.get("runs", [])
    if not isinstance(runs, list) or not all(
            isinstance(x, dict) and x.get("verdict") in VERDICTS and
            not _number_problem(x.get("duration_s", 0), "d") for x in runs):
        problems.append(f"results[{i}]: runs is not a list of runs")
    if rec.get("compat", "unchecked") not in COMPAT_OUTCOMES:
        problems.append(f"results[{i}]: compat {rec.get('compat')!r} is not one of {COMPAT_OUTCOMES}")
    diffs = rec.get("compat_differences", [])
    if not isinstance(diffs, list) or not all(
            isinstance(d, dict) and all(isinstance(d.get(k, ""), str)
                                        for k in ("message", "expected", "actual", "line"))
            for d in diffs):
        problems.append(f"results[{i}]: compat_differences is not a list of differences")
    for key in ("stdout", "stderr", "title", "path", "line", "expected", "actual", "raw_verdict",
                "expected_verdict", "expectation", "tcl", "errorcode", "harness"):
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


DOC_FIELDS = {            # optional document keys and the type each must have
    "finished": (str, type(None)), "complete": bool, "status": str, "selected": int,
    "strict_compat": bool, "resolver": str, "repeat": int, "shard": str,
    "merged_shards": list, "baseline": dict, "suite": dict, "selection": dict,
    "partition": dict,
}


def _doc_problems(doc):
    """Problems of the document's own keys (beyond the records)."""
    problems = []
    for key, kind in DOC_FIELDS.items():
        if key in doc and (not isinstance(doc[key], kind) or
                           (kind is int and isinstance(doc[key], bool))):
            problems.append(f"'{key}' has the wrong type ({type(doc[key]).__name__})")
    for key in ("selected", "repeat"):
        if isinstance(doc.get(key), int) and not isinstance(doc[key], bool) and \
                not 0 <= doc[key] <= 10_000_000:
            problems.append(f"'{key}' is out of range")
    if isinstance(doc.get("shard"), str) and not _shard_ok(doc["shard"]):
        problems.append(f"'shard' is not I/N: {doc['shard']!r}")
    if isinstance(doc.get("merged_shards"), list) and not all(
            isinstance(s, str) and _shard_ok(s) for s in doc["merged_shards"]):
        problems.append("'merged_shards' is not a list of I/N")
    sel = doc.get("selection")
    if isinstance(sel, dict):
        for key, kind in (("case_set", str), ("keyword", str), ("profiles", list),
                          ("targets", list), ("repeat", int), ("items", int), ("digest", str)):
            if key in sel and (not isinstance(sel[key], kind) or isinstance(sel[key], bool)):
                problems.append(f"'selection.{key}' has the wrong type")
    base = doc.get("baseline")
    if isinstance(base, dict):
        row_keys = ("case", "profile", "target_a", "target_b", "kind", "a", "b")
        for key in ("regressions", "fixes", "new", "removed", "differences"):
            rows = base.get(key, [])
            if not isinstance(rows, list) or not all(
                    isinstance(r, dict) and set(r) == set(row_keys) and
                    all(isinstance(v, str) for v in r.values()) for r in rows):
                problems.append(f"'baseline.{key}' is not a list of comparison rows")
    part = doc.get("partition")
    if isinstance(part, dict):
        if not (isinstance(part.get("shard"), str) and _shard_ok(part["shard"])):
            problems.append("'partition.shard' is not I/N")
        if not isinstance(part.get("durations"), (str, type(None))):
            problems.append("'partition.durations' is not a hash or null")
    if isinstance(doc.get("targets"), dict):
        for name, info in doc["targets"].items():
            if not isinstance(info, dict):
                continue
            if not isinstance(info.get("version", ""), str) or \
                    not isinstance(info.get("strict_compat", False), bool):
                problems.append(f"target {name!r}: version or strict_compat has the wrong type")
            cmd = info.get("command", [])
            if not isinstance(cmd, list) or not all(isinstance(c, str) for c in cmd):
                problems.append(f"target {name!r}: command is not a list of strings")
    return problems


def _shard_ok(text):
    i, _, n = text.partition("/")
    return i.isdigit() and n.isdigit() and len(i) < 7 and len(n) < 7 and 1 <= int(i) <= int(n)


def item_key(rec):
    return (rec["case"], rec["target"], rec["profile"])


def duplicates(records):
    """[(index, earlier index)] of records whose item (case, target, profile) came before."""
    seen, dups = {}, []
    for i, r in enumerate(records):
        if not isinstance(r, dict) or not all(isinstance(r.get(k), str)
                                              for k in ("case", "target", "profile")):
            continue
        k = item_key(r)
        if k in seen:
            dups.append((i, seen[k]))
        else:
            seen[k] = i
    return dups


def validate(doc):
    """Problems with a results document, as a list of strings (empty = valid)."""
    problems = []
    if not isinstance(doc, dict):
        return ["document is not an object"]
    bad = _not_text(doc)
    if bad:
        return [bad]
    problems += _doc_problems(doc)
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
    records = doc.get("results") if isinstance(doc.get("results"), list) else []
    for i, rec in enumerate(records):
        problems += _problems_of_record(i, rec)
    for i, j in duplicates(records):
        r = records[i]
        problems.append(f"results[{i}]: a second record of item {r['case']} "
                        f"[{r['target']}-{r['profile']}] (the first is results[{j}])")
    return problems


def _refuse_constant(name):
    raise ValueError(f"{name} is not a JSON number")


def parse_json(text, what):
    """TEXT as JSON, or ConfigError naming WHAT: NaN and Infinity are refused (they
    are not JSON), and so is nesting too deep to read."""
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except RecursionError:
        raise ConfigError(f"{what}: not JSON: nested too deeply") from None
    except ValueError as exc:
        raise ConfigError(f"{what}: not JSON: {exc}") from None


def load(path):
    """A validated results document, or ConfigError naming PATH and the first problem."""
    p = Path(path)
    try:
        if p.exists() and not p.is_dir() and not p.is_file():
            raise ConfigError(f"{path}: not a regular file")
        text = p.read_text(encoding="utf-8")
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a folder, not a result file") from None
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such result file") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8: {exc.reason}") from None
    doc = parse_json(text, path)
    try:
        problems = validate(doc)
    except RecursionError:
        problems = ["nested too deeply"]
    if problems:
        raise ConfigError(f"{path}: not a {SCHEMA} file: {problems[0]}")
    return doc
