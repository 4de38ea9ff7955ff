"""Comparing results: two targets of one run, two runs, a run and its baseline, merges.

One comparison serves `./sockconf diff`, `./sockconf run --baseline`, and the
report's diff page. A result is identified by (case, profile) within a target;
comparing two runs matches targets by name, or - when each side has a single
target - the two targets with each other whatever their names (a broken build
of refsock against ref's baseline).

What counts:
  regression  sockconf.gate.regressed: the earlier result was not unexpected and the
              new one is (fail, error, timeout, crash, xpass, flaky, or - for a target
              gated with --strict-compat - a compatibility difference), or a pass
              became a skip (the case no longer runs). pass -> xfail is not a
              regression: the failure has been recorded as an expectation, with a
              reason. A new item whose result is unexpected is one too.
  fix         an unexpected or xfail result became a pass.
  new/removed a result that only the new / only the earlier side has.
Observed values are compared after masking what changes from run to run
(normalize); measurements (record key "measurements") are never compared.
"""

import hashlib
import json
import re
from dataclasses import dataclass, field

from . import gate, model, sources


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
    kind: str           # verdict | raw verdict | observe KEY | compat | gate | only in A | only in B
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
            strict = gate.strict_for(b_doc, name_b)
            if ra is None:
                r = row("only in B", "", rb["verdict"])
                out.rows.append(r)
                out.new.append(r)
                if model.regressed(None, rb, strict):
                    out.regressions.append(r)
                continue
            va, vb = ra["verdict"], rb["verdict"]
            worse = model.regressed(ra, rb, strict)
            if va != vb:
                r = row("verdict", va, vb)
                out.rows.append(r)
                if worse:
                    out.regressions.append(r)
                    worse = False
                elif vb == "pass":
                    out.fixes.append(r)
            elif ra.get("raw_verdict", va) != rb.get("raw_verdict", vb):
                # the same xfail for another failure (crash -> fail): a change of behaviour
                out.rows.append(row("raw verdict", ra.get("raw_verdict", va), rb.get("raw_verdict", vb)))
            ca, cb = ra.get("compat", "unchecked"), rb.get("compat", "unchecked")
            da = _differences(ra)
            db = _differences(rb)
            if da != db and "unchecked" not in (ca, cb):
                r = row("compat", "; ".join(da) or "same", "; ".join(db) or "same")
                out.rows.append(r)
                if worse:
                    out.regressions.append(r)
                    worse = False
            if worse:           # flaky now, or a difference the comparison above could not see
                r = row("gate", model.unexpected_reason(ra, strict) or "as expected",
                        model.unexpected_reason(rb, strict))
                out.rows.append(r)
                out.regressions.append(r)
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


SHARED_SELECTION = ("case_set", "keyword", "markexpr", "profiles", "repeat")


def _whole_key(doc):
    """What makes DOC part of one whole run: its selection (or, for a file of an
    older sockconf without one, its targets)."""
    sel = doc.get("selection")
    if sel is None:
        return json.dumps({"legacy": sorted(doc["targets"])})
    return json.dumps({k: v for k, v in sel.items() if k != "workers_disagree"}, sort_keys=True)


def merge(docs, names=None, want_targets=(), want_shards=None):
    """One result document from several: the shards of one run, or whole runs (or
    sets of shards) of other targets. ConfigError (exit 2) for what cannot be
    one honest run: no result at all; shards of one run cut differently
    (another number of shards, another durations file), a shard missing or
    given twice; a run given twice; runs of different case sets, -k, profiles or
    repeat; two runs holding one target; a record twice; a file of an older
    sockconf that is a shard (it cannot say which run it belongs to). With
    WANT_TARGETS, each must have results; with WANT_SHARDS, every sharded run
    must have been cut into that many."""
    from .errors import ConfigError
    names = names or [f"file {i + 1}" for i in range(len(docs))]
    for name, d in zip(names, docs):
        if "selection" not in d and d.get("shard"):
            raise ConfigError(f"merge: {name} is a shard from an older sockconf (no selection "
                              "recorded): it cannot be told which run it belongs to")
    wholes = {}
    for name, d in zip(names, docs):
        wholes.setdefault(_whole_key(d), []).append((name, d))
    common = None
    for group in wholes.values():
        first_name, first = group[0]
        if "selection" not in first:
            continue
        shared = {k: first["selection"].get(k) for k in SHARED_SELECTION}
        if common is None:
            common = (first_name, shared)
        elif shared != common[1]:
            diff = next(k for k in SHARED_SELECTION if shared[k] != common[1][k])
            raise ConfigError(f"merge: {first_name} and {common[0]} are runs of different "
                              f"selections ({diff}: {shared[diff]!r} vs {common[1][diff]!r})")
    seen_targets = {}
    for group in wholes.values():
        first_name, first = group[0]
        parts = [(n, d.get("partition") or ({"shard": d["shard"], "durations": None}
                                            if d.get("shard") else None)) for n, d in group]
        if any(p is None for _, p in parts):
            if len(group) > 1:
                raise ConfigError(f"merge: {group[0][0]} and {group[1][0]} are the same run "
                                  "given twice (or a whole run and its shard)")
        else:
            cuts = {(p["shard"].split("/")[1], p.get("durations")) for _, p in parts}
            if len(cuts) > 1:
                raise ConfigError("merge: shards of one run cut differently: " + ", ".join(
                    f"{n}: {p['shard']}" + (f" by {p['durations'][:19]}" if p.get("durations") else "")
                    for n, p in parts))
            (n_text, _), = cuts
            n = int(n_text)
            if want_shards is not None and n != want_shards:
                raise ConfigError(f"merge: {group[0][0]}'s run was cut into {n} shards, not {want_shards}")
            have = {}
            for name, p in parts:
                i = int(p["shard"].split("/")[0])
                if i in have:
                    raise ConfigError(f"merge: shard {i}/{n} given twice ({have[i]}, {name})")
                have[i] = name
            missing = [f"{i}/{n}" for i in range(1, n + 1) if i not in have]
            if missing:
                raise ConfigError(f"merge: shard {', '.join(missing)} of the run of "
                                  f"{', '.join(sorted(first['targets']))} missing")
        for t in first["targets"]:
            if t in seen_targets:
                raise ConfigError(f"merge: target {t} is in two runs ({seen_targets[t]}, {first_name})")
            seen_targets[t] = first_name
    merged = _combine(docs)
    if not merged["results"]:
        raise ConfigError("merge: the files hold no result at all")
    from .results import duplicates
    dups = duplicates(merged["results"])
    if dups:
        r = merged["results"][dups[0][0]]
        raise ConfigError(f"merge: item {r['case']} [{r['target']}-{r['profile']}] has two records")
    for t in want_targets:
        if t not in merged["targets"] or not any(r["target"] == t for r in merged["results"]):
            raise ConfigError(f"merge: target {t}: no results (no input file holds it)")
    return merged


def _combine(docs):
    """The merged document (the checks are merge()'s)."""
    first = docs[0]
    out = {"schema": first["schema"], "started": min(d["started"] for d in docs),
           "finished": max((d.get("finished") or "") for d in docs) or None,
           "host": first["host"], "targets": {}, "profiles": [],
           "complete": all(d.get("complete", True) for d in docs), "results": []}
    for key in ("resolver", "suite"):
        if key in first:
            out[key] = first[key]
    # strictness is kept per target (targets[name]["strict_compat"]); the document's
    # own flag holds only when every merged run had it
    out["strict_compat"] = all(d.get("strict_compat", False) for d in docs)
    statuses = [d["status"] for d in docs if d.get("status")]
    if statuses:
        out["status"] = "; ".join(dict.fromkeys(statuses))
    if all("selected" in d for d in docs):
        out["selected"] = sum(d["selected"] for d in docs)
    sels = [d["selection"] for d in docs if "selection" in d]
    if sels and len(sels) == len(docs):
        wholes = {json.dumps(s, sort_keys=True): s for s in sels}
        sel = {k: sels[0].get(k) for k in SHARED_SELECTION if k in sels[0]}
        sel["targets"] = sorted({t for s in wholes.values() for t in s.get("targets", [])})
        if all("items" in s for s in wholes.values()):
            sel["items"] = sum(s["items"] for s in wholes.values())
        sel["digest"] = "sha256:" + hashlib.sha256("\n".join(
            sorted(s.get("digest", "") for s in wholes.values())).encode()).hexdigest()
        out["selection"] = sel
        if "items" in sel and out.get("selected") is not None and sel["items"] != out["selected"]:
            out["complete"] = False
            out["status"] = f"the shards hold {out['selected']} of the run's {sel['items']} items"
    for d in docs:
        for name, info in d["targets"].items():
            out["targets"].setdefault(name, info)
        out["profiles"] += [p for p in d["profiles"] if p not in out["profiles"]]
        out["results"] += d["results"]
    out["results"].sort(key=lambda r: (r["case"], r["target"], r["profile"]))
    found = sources.union(docs)
    if found:
        out["sources"] = found
    shards = [d["shard"] for d in docs if d.get("shard")]
    if shards:
        out["merged_shards"] = shards
    return out
