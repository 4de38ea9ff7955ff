"""Comparing results: two targets of one run, two runs, a run and its baseline, merges.

One comparison serves `./sockconf diff`, `./sockconf run --baseline`, and the
report's diff page. A result is identified by (case, profile) within a target;
comparing two runs matches targets by name, or - when each side has a single
target - the two targets with each other whatever their names (a broken build
of refsock against ref's baseline).

What counts:
  regression  the earlier result was expected (pass, skip, xfail) and the new one
              is unexpected (fail, error, timeout, crash, xpass), or a pass became
              a skip (the case no longer runs). pass -> xfail is not a regression:
              the failure has been recorded as an expectation, with a reason.
  fix         an unexpected or xfail result became a pass.
  new/removed a result that only the new / only the earlier side has.
Observed values are compared after masking what changes from run to run
(normalize); measurements (record key "measurements") are never compared.
"""

import re
from dataclasses import dataclass, field

from . import sources

EXPECTED = ("pass", "skip", "xfail")


def normalize(value):
    """An observed value with what changes from run to run masked: channel
    names (sock55d0...) become sock<id>, and numbers in the dynamic and
    registered port range (1024-65535) become <port>."""
    value = re.sub(r"\bsock[0-9a-f]+\b", "sock<id>", str(value))
    return re.sub(r"\b\d{4,5}\b",
                  lambda m: "<port>" if 1024 <= int(m.group(0)) <= 65535 else m.group(0), value)


@dataclass
class Row:
    case: str
    profile: str
    target_a: str
    target_b: str
    kind: str           # verdict | observe KEY | compat | only in A | only in B
    a: str
    b: str

    @property
    def key(self):
        return (self.case, self.target_a if self.target_a == self.target_b
                else f"{self.target_a}|{self.target_b}", self.profile)


@dataclass
class Comparison:
    a_name: str
    b_name: str
    rows: list = field(default_factory=list)
    regressions: list = field(default_factory=list)    # Rows of kind verdict / only in B
    fixes: list = field(default_factory=list)
    new: list = field(default_factory=list)
    removed: list = field(default_factory=list)

    def as_dict(self):
        def rows(xs):
            return [r.__dict__ for r in xs]
        return {"a": self.a_name, "b": self.b_name, "differences": rows(self.rows),
                "regressions": rows(self.regressions), "fixes": rows(self.fixes),
                "new": rows(self.new), "removed": rows(self.removed)}


def is_regression(a, b):
    return (a in EXPECTED and b not in EXPECTED) or (a == "pass" and b == "skip")


def _by_target(doc):
    out = {}
    for r in doc["results"]:
        out.setdefault(r["target"], {})[(r["case"], r["profile"])] = r
    return out


def pairs(a_doc, b_doc, a_target=None, b_target=None):
    """[(target in A, target in B)] to compare."""
    if a_target or b_target:
        return [(a_target, b_target)]
    ta, tb = list(_by_target(a_doc)), list(_by_target(b_doc))
    if len(ta) == 1 and len(tb) == 1:
        return [(ta[0], tb[0])]
    names = list(dict.fromkeys(ta + tb))
    return [(t if t in ta else None, t if t in tb else None) for t in names]


def compare(a_doc, b_doc, a_target=None, b_target=None, a_name="A", b_name="B"):
    """The Comparison of A (earlier, or the reference) with B."""
    out = Comparison(a_name, b_name)
    ia, ib = _by_target(a_doc), _by_target(b_doc)
    for ta, tb in pairs(a_doc, b_doc, a_target, b_target):
        ra_all, rb_all = ia.get(ta, {}), ib.get(tb, {})
        for key in sorted(set(ra_all) | set(rb_all)):
            case, profile = key
            ra, rb = ra_all.get(key), rb_all.get(key)
            name_a, name_b = ta or tb, tb or ta

            def row(kind, a, b):
                return Row(case, profile, name_a, name_b, kind, a, b)

            if rb is None:
                r = row("only in A", ra["verdict"], "")
                out.rows.append(r)
                out.removed.append(r)
                continue
            if ra is None:
                r = row("only in B", "", rb["verdict"])
                out.rows.append(r)
                out.new.append(r)
                if rb["verdict"] not in EXPECTED:
                    out.regressions.append(r)
                continue
            va, vb = ra["verdict"], rb["verdict"]
            if va != vb:
                r = row("verdict", va, vb)
                out.rows.append(r)
                if is_regression(va, vb):
                    out.regressions.append(r)
                elif vb == "pass":
                    out.fixes.append(r)
            ca, cb = ra.get("compat", "unchecked"), rb.get("compat", "unchecked")
            da = _differences(ra)
            db = _differences(rb)
            if da != db and "unchecked" not in (ca, cb):
                out.rows.append(row("compat", "; ".join(da) or "same", "; ".join(db) or "same"))
            oa, ob = ra.get("observations", {}), rb.get("observations", {})
            for k in sorted(set(oa) | set(ob)):
                xa = normalize(oa[k]) if k in oa else "<none>"
                xb = normalize(ob[k]) if k in ob else "<none>"
                if xa != xb:
                    out.rows.append(row(f"observe {k}", xa, xb))
    return out


def attach_baseline(doc, base_doc, base_name):
    """Compare DOC (this run) with BASE_DOC (an earlier one) and keep the
    comparison in doc["baseline"], which the reports show. Returns the
    regressions (a list of Rows)."""
    cmp = compare(base_doc, doc, a_name=str(base_name), b_name="this run")
    doc["baseline"] = {"file": str(base_name), "suite": base_doc.get("suite"), **cmp.as_dict()}
    return cmp.regressions


def _differences(rec):
    return sorted(f"line {d.get('line', '')}: {normalize(d.get('actual', ''))}"
                  for d in rec.get("compat_differences", []))


def merge(docs):
    """One result document from several (shards of one run, or runs of other
    targets). The same (case, target, profile) twice is kept once (the later
    file wins); counts and the completion flag are combined."""
    first = docs[0]
    out = {"schema": first["schema"], "started": min(d["started"] for d in docs),
           "finished": max((d.get("finished") or "") for d in docs) or None,
           "host": first["host"], "targets": {}, "profiles": [],
           "complete": all(d.get("complete", True) for d in docs), "results": []}
    if "resolver" in first:
        out["resolver"] = first["resolver"]
    # strictness is kept per target (targets[name]["strict_compat"]); the document's
    # own flag holds only when every merged run had it
    out["strict_compat"] = all(d.get("strict_compat", False) for d in docs)
    statuses = [d["status"] for d in docs if d.get("status")]
    if statuses:
        out["status"] = "; ".join(dict.fromkeys(statuses))
    if all("selected" in d for d in docs):
        out["selected"] = sum(d["selected"] for d in docs)
    index = {}
    for d in docs:
        for name, info in d["targets"].items():
            out["targets"].setdefault(name, info)
        out["profiles"] += [p for p in d["profiles"] if p not in out["profiles"]]
        for r in d["results"]:
            index[(r["case"], r["target"], r["profile"])] = r
    out["results"] = [index[k] for k in sorted(index)]
    found = sources.union(docs)
    if found:
        out["sources"] = found
    shards = [d["shard"] for d in docs if d.get("shard")]
    if shards:
        out["merged_shards"] = shards
    return out
