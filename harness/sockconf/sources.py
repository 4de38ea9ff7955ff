"""The lines of the case files that a run's results point at, kept in the
result file itself, so a report shows them wherever it is read: a copied
report folder (a CI artifact) or a checkout whose cases have changed since.

results.json's "sources" maps a case file (as the records name it, relative to
the checkout) to the lines around every line a record names - the failed
assertion or error ("line") and each compatibility difference - as
{"lines": {"12": "text", ...}}: a few lines per failure, not whole files.
"""

from pathlib import Path

from . import paths

CONTEXT = 3             # lines kept on each side of a line a record names
LINE_LIMIT = 300        # characters kept of one line


def _numbers(rec):
    """The case-file lines RECORD names (as ints)."""
    wanted = [rec.get("line")] + [d.get("line") for d in rec.get("compat_differences", []) or []
                                  if isinstance(d, dict)]
    return {int(n) for n in wanted if isinstance(n, str) and n.isdigit() and int(n) > 0}


def excerpts(results, root=None):
    """{path: {"lines": {"N": text}}} for the records RESULTS (read from the
    case files now: call it while the run's case files are the ones it ran)."""
    root = Path(root or paths.ROOT)
    out, files = {}, {}
    for rec in results:
        numbers = _numbers(rec)
        path = rec.get("path")
        if not numbers or not isinstance(path, str) or not path:
            continue
        if path not in files:
            p = Path(path) if Path(path).is_absolute() else root / path
            try:
                files[path] = p.read_text(encoding="utf-8", errors="replace").splitlines()
            except OSError:
                files[path] = None
        lines = files[path]
        if not lines:
            continue
        kept = out.setdefault(path, {"lines": {}})["lines"]
        for n in numbers:
            for i in range(max(1, n - CONTEXT), min(len(lines), n + CONTEXT) + 1):
                kept[str(i)] = lines[i - 1][:LINE_LIMIT]
    return {p: {"lines": dict(sorted(v["lines"].items(), key=lambda kv: int(kv[0])))}
            for p, v in out.items() if v["lines"]}


def attach(doc, root=None):
    """Put the excerpts of DOC's records into doc["sources"] (none: no key)."""
    found = excerpts(doc["results"], root)
    if found:
        doc["sources"] = found
    else:
        doc.pop("sources", None)
    return doc


def union(docs):
    """The "sources" of several result documents in one (for a merge; a later
    document's line wins)."""
    out = {}
    for d in docs:
        for path, v in (d.get("sources") or {}).items():
            if isinstance(v, dict) and isinstance(v.get("lines"), dict):
                out.setdefault(path, {"lines": {}})["lines"].update(v["lines"])
    return out
