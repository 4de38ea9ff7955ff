"""The result file (schema sockconf-results/1): writing it atomically while a run goes on,
reading and validating it.

Its format is spec/results.schema.json (a JSON Schema; validate() applies it,
then what a schema cannot say: a record twice for one item, a shard I/N with
I > N, a string that is not text). Records are made by sockconf.record, their
verdicts decided by sockconf.model.
"""

import functools
import json
import os
import platform
import tempfile
import threading
from datetime import datetime, timezone
from pathlib import Path

from . import SCHEMA, model, paths, sources
from .errors import ConfigError

SCHEMA_FILE = paths.SPEC / "results.schema.json"


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
        """Add a record (a record.Record or its JSON form). Records of the same (case, target, profile) are runs of a
        repeated item (--repeat): they become one record (model.combine_runs)."""
        if not isinstance(record, dict):
            record = record.to_json()
        key = (record["case"], record["target"], record["profile"])
        with self._lock:
            runs = self._runs.setdefault(key, [])
            runs.append(record)
            combined = model.combine_runs(runs)
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


@functools.lru_cache(maxsize=1)
def _validator():
    import jsonschema
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def _where(error):
    """The place of a schema error in the document: results[3].duration_s."""
    out = ""
    for part in error.absolute_path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "the document"


def _schema_problem(error):
    place = _where(error)
    if error.validator == "required":
        return f"{place}: {error.message.split(' is a required')[0]} is missing"
    if error.validator == "additionalProperties" or error.validator == "type":
        want = error.validator_value
        want = " or ".join(want) if isinstance(want, list) else want
        return f"{place}: {_short(error.instance)} is not of type {want}"
    if error.validator in ("minimum", "maximum"):
        return f"{place}: {_short(error.instance)} is out of range"
    return f"{place}: {error.message if len(error.message) < 200 else error.message[:200] + '...'}"


def _short(value):
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:40] + "..."


def validate(doc):
    """Problems with a results document, as a list of strings (empty = valid):
    spec/results.schema.json's first (in the document's order), then what a
    schema cannot say."""
    if not isinstance(doc, dict):
        return ["document is not an object"]
    bad = _not_text(doc)
    if bad:
        return [bad]
    errors = sorted(_validator().iter_errors(doc), key=lambda e: [str(p) for p in e.absolute_path])
    if errors:
        return [_schema_problem(e) for e in errors]
    problems = []
    for key in ("shard", *(["partition.shard"] if "partition" in doc else []),
                *[f"merged_shards[{i}]" for i in range(len(doc.get("merged_shards", [])))]):
        value = doc["partition"]["shard"] if key == "partition.shard" else \
            doc["merged_shards"][int(key[14:-1])] if key.startswith("merged") else doc.get("shard")
        if value is not None and not _shard_ok(value):
            problems.append(f"{key}: {value!r} is not I/N with I <= N")
    records = doc["results"]
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
