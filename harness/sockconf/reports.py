"""Reports made from result files: summary.md and the HTML report.

write_all(doc, out) writes into the folder OUT:

  summary.md     one screen of Markdown (also printed at the end of a run)
  index.html     counts, unexpected results, conformance per target,
                 compatibility differences per target, and the matrix
                 (case x target x profile) whose every cell opens its detail;
                 filters by area, verdict, target and profile, kept in the URL
                 fragment (index.html#interesting still shows only the rows with
                 an unexpected result or a difference between targets)
  clauses.html   clause -> strength -> cases -> verdict per target
  diff.html      differences between targets (each against the first), and
                 against the baseline when the run was given one
  mutation.html  the mutation table, when a mutation.json is found
  bench.html     the benchmark table and plot, when a bench.json is found

mutation.json, bench.json and bench.png are looked for in OUT, then in the
project's reports/ folder. The HTML is rendered with Jinja2 from
harness/sockconf/templates/; the style sheet and the scripts are inlined, so
every page opens from disk with no server and no network.

Every text that comes from a case or an implementation (messages, output,
observed values, expected and actual values, even names) goes through
textsafe.escape_controls before it reaches a page, and then through HTML
autoescaping or, for the cell details, through a JSON block whose "<", ">"
and "&" are \\u escapes, rendered by the page's script with textContent only.
"""

import base64
import json
import os
from collections import Counter, defaultdict
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from . import paths, textsafe
from .gate import strict_for, unexpected  # noqa: F401 (used by callers)
from .model import EXPECTED as EXPECTED_VERDICTS, ORDER as VERDICT_ORDER, clause_state, rank

# The mark of each verdict in a matrix cell (the legend explains them).
VERDICT_MARK = {"pass": "✓", "skip": "–", "xfail": "k", "xpass": "X", "fail": "F", "timeout": "T",
                "error": "E", "crash": "C"}
TEMPLATES = Path(__file__).resolve().parent / "templates"
PAGES = ("index.html", "clauses.html", "diff.html", "mutation.html", "bench.html", "explore.html")
TEXT_LIMIT = 20000          # characters of one output field shown in a page
SIDE_FILES = ("mutation.json", "bench.json", "bench.png", "bench.md", "explore.json")


def columns(doc):
    """(target, profile) pairs present in the results, in a stable order."""
    seen = []
    for r in doc["results"]:
        key = (r["target"], r["profile"])
        if key not in seen:
            seen.append(key)
    tindex = {t: i for i, t in enumerate(doc.get("targets", {}))}
    pindex = {p: i for i, p in enumerate(doc.get("profiles", []))}
    return sorted(seen, key=lambda k: (tindex.get(k[0], 99), pindex.get(k[1], 99), k))


def _spec(sp):
    if sp is None:
        from . import spec
        sp = spec.load()
    return sp


def clause_states(doc, sp=None):
    """{target: {clause id: state}} for every testable clause (spec/clauses.yaml)
    that the target's results name, from the verdicts of its cases over the
    profiles (_clause_state): "pass" (conforms), "xfail" (a known failure),
    "fail" (does not conform: an unexpected verdict), "skip" (not exercised)."""
    testable = {c.id for c in _spec(sp).testable_clauses()}
    verdicts = defaultdict(lambda: defaultdict(list))
    for r in doc["results"]:
        for cl in r.get("clauses", []):
            if cl in testable:
                verdicts[r["target"]][cl].append(r["verdict"])
    return {t: {cl: clause_state(vs)[0] for cl, vs in per.items()} for t, per in verdicts.items()}


def conformance(doc, sp=None):
    """Per target: how many testable clauses conform. A clause is exercised on a
    target when one of its cases gave a verdict other than skip there, and
    conforms when every such verdict is pass (an expected failure, xfail, is a
    known non-conformance). {target: {"exercised", "conforming", "testable",
    "percent", "failing": [clause ids that do not conform], "known": [those of
    them whose failures are all expected], "unexpected": [the others]}}"""
    sp = _spec(sp)
    testable = [c.id for c in sp.testable_clauses()]
    states = clause_states(doc, sp)
    out = {}
    for t in doc.get("targets", {}):
        st = states.get(t, {})
        exercised = [c for c in testable if st.get(c, "none") not in ("none", "skip")]
        failing = [c for c in exercised if st[c] != "pass"]
        n = len(exercised)
        out[t] = {"testable": len(testable), "exercised": n, "conforming": n - len(failing),
                  "percent": round(100.0 * (n - len(failing)) / n, 1) if n else None,
                  "failing": failing, "known": [c for c in failing if st[c] == "xfail"],
                  "unexpected": [c for c in failing if st[c] == "fail"]}
    return out


def known_failures(doc):
    """The expected failures of the run, one entry per target, case and
    expectation (the profiles it was seen in listed): {"target", "case", "slug",
    "title", "verdict" (what the case gave), "reason", "profiles", "clauses",
    "cell" (the first one, for a link)}, in case order then target order."""
    tindex = {t: i for i, t in enumerate(doc.get("targets", {}))}
    groups = {}
    for r in sorted(doc["results"], key=lambda r: (r["case"], tindex.get(r["target"], 99))):
        if r["verdict"] != "xfail":
            continue
        verdict = r.get("raw_verdict") or r.get("expected_verdict") or "fail"
        key = (r["target"], r["case"], verdict, r.get("expectation", ""))
        g = groups.setdefault(key, {"target": r["target"], "case": r["case"], "slug": r["slug"],
                                    "title": r.get("title", ""), "verdict": verdict,
                                    "reason": r.get("expectation", ""), "profiles": [],
                                    "clauses": list(r.get("clauses", [])),
                                    "cell": f"{r['case']},{r['target']},{r['profile']}"})
        g["profiles"].append(r["profile"])
    return list(groups.values())


def headline(doc, sp=None):
    """The run's verdict in one sentence and a clause per target, for the top
    of index.html, summary.md and the terminal: {"state": "ok" | "bad" |
    "incomplete", "lead": text, "targets": [{"target", "text", "cases":
    [case ids of its known failures]}]}."""
    bad = unexpected(doc)
    missing = (doc.get("selected") or 0) - len(doc["results"])
    if not doc.get("complete", True) or missing > 0:
        state = "incomplete"
        lead = (f"The run is incomplete ({doc.get('status', 'unknown')}): {len(doc['results'])} records"
                + (f" of {doc['selected']} selected items" if doc.get("selected") else ""))
    elif bad:
        state = "bad"
        per = Counter(r["target"] for r in bad)
        lead = (f"{len(bad)} unexpected result{'s' if len(bad) != 1 else ''} ("
                + ", ".join(f"{t}: {n}" for t, n in per.items()) + ")")
    else:
        state, lead = "ok", "Every result is as expected"
    conf = conformance(doc, sp) if doc["results"] else {}
    known = known_failures(doc)
    parts = []
    for t, c in conf.items():
        if not c["exercised"]:
            continue
        cases = list(dict.fromkeys(k["case"] for k in known if k["target"] == t))
        if not c["failing"]:
            text = (f"all {c['exercised']} exercised clauses conform" if c["exercised"] > 1
                    else "its one exercised clause conforms")
        else:
            n = len(c["failing"])
            text = f"{n} clause{'s' if n != 1 else ''} fail"
            if c["unexpected"]:
                text += f" ({len(c['unexpected'])} unexpectedly)"
        parts.append({"target": t, "text": text, "cases": cases})
    return {"state": state, "lead": lead, "targets": parts}


def headline_text(h):
    """headline() as one line of plain text."""
    out = h["lead"]
    for p in h["targets"]:
        out += f"; {p['target']}: {p['text']}"
        if p["cases"]:
            out += ", known: " + ", ".join(p["cases"])
    return out + "."


def compat_differences(doc):
    """Per target: [(record, difference)] of every compatibility difference."""
    out = defaultdict(list)
    for r in doc["results"]:
        for d in r.get("compat_differences", []):
            out[r["target"]].append((r, d))
    return out


def area_of(rec):
    """The case's area: the folder of its file (cases/async/0301-....tcl -> async)."""
    path = rec.get("path") or ""
    parent = PurePosixPath(path).parent.name
    return parent or "?"


# ---------------------------------------------------------------- inputs

def _safe(value):
    """VALUE with every string made safe to show: lone surrogates written as
    \\udcNN, control characters as \\xNN (newlines and tabs kept)."""
    if isinstance(value, str):
        text = value.encode("utf-8", "backslashreplace").decode("utf-8")
        return textsafe.escape_controls(text, keep_newlines=True)
    if isinstance(value, dict):
        return {_safe(k): _safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_safe(v) for v in value]
    return value


def _clip(text, limit=TEXT_LIMIT):
    text = str(text)
    if len(text) <= limit:
        return text
    return text[:limit] + f"\n... ({len(text) - limit} more characters in results.json)"


def side_files(out):
    """{name: Path} of mutation.json, bench.json, bench.png and bench.md, each
    from OUT when there, else from the project's reports/ folder. bench.png and
    bench.md are taken from the folder bench.json came from."""
    found = {}
    folders = [Path(out)] if out is not None else []
    if out is None or Path(out).resolve() != Path(paths.REPORTS).resolve():
        folders.append(Path(paths.REPORTS))
    for name in ("mutation.json", "bench.json", "explore.json"):
        for folder in folders + ([f / "explore" for f in folders] if name == "explore.json" else []):
            if (folder / name).is_file():
                found[name] = folder / name
                break
    if "bench.json" in found:
        for name in ("bench.png", "bench.md"):
            p = found["bench.json"].parent / name
            if p.is_file():
                found[name] = p
    return found


def _load_json(path):
    """The JSON document at PATH, or (None, problem)."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8")), ""
    except OSError as exc:
        return None, f"{path}: cannot read: {exc.strerror}"
    except ValueError as exc:
        return None, f"{path}: not JSON: {exc}"


def load_extras(out):
    """The mutation and bench documents to show: {"mutation": doc | None,
    "bench": doc | None, "bench_png": data URI | "", "bench_md": path | None,
    "problems": [...], "files": {name: path}}."""
    files = side_files(out)
    extras = {"mutation": None, "bench": None, "bench_png": "", "bench_md": None,
              "problems": [], "files": {k: str(v) for k, v in files.items()}}
    for key in ("mutation", "bench", "explore"):
        if f"{key}.json" in files:
            data, problem = _load_json(files[f"{key}.json"])
            if problem:
                extras["problems"].append(problem)
            elif not isinstance(data, dict):
                extras["problems"].append(f"{files[key + '.json']}: not a JSON object")
            else:
                extras[key] = data
    if extras["bench"] is not None and "bench.png" in files:
        try:
            raw = files["bench.png"].read_bytes()
            if raw.startswith(b"\x89PNG"):
                extras["bench_png"] = "data:image/png;base64," + base64.b64encode(raw).decode("ascii")
        except OSError as exc:
            extras["problems"].append(f"{files['bench.png']}: cannot read: {exc.strerror}")
    if "bench.md" in files:
        extras["bench_md"] = files["bench.md"]
    return extras


# ---------------------------------------------------------------- summary.md

def skip_groups(doc):
    """The skip reasons, the same reason in several profiles once: [(count,
    reason, [profiles])], most frequent first. A reason that names its profile
    ("... which profile v6only does not offer") is grouped with the same
    reason of the other profiles."""
    groups = {}
    for r in doc["results"]:
        if r["verdict"] != "skip":
            continue
        reason = r.get("message", "")
        named = f"profile {r['profile']}"
        general = reason.replace(named, "profile P") if named in reason else reason
        g = groups.setdefault(general, [0, general, []])
        g[0] += 1
        if r["profile"] not in g[2]:
            g[2].append(r["profile"])
    order = {p: i for i, p in enumerate(doc.get("profiles", []))}
    for g in groups.values():
        g[2].sort(key=lambda p: (order.get(p, len(order)), p))
    return sorted((tuple(g) for g in groups.values()), key=lambda g: (-g[0], g[1]))


TERMINAL_SKIP_LINES = 5


def summary_md(doc, extras=None, sp=None, terminal=False):
    """summary.md: the verdict in a sentence, counts, conformance per target,
    known failures with their reasons, unexpected results, regressions against
    a baseline, compatibility differences, skip reasons, and the mutation and
    bench figures when EXTRAS has them. With TERMINAL (the end of a run), the
    skip reasons take at most five lines and the verdict comes last. Every text
    that comes from a case or an implementation is escaped (textsafe.markdown),
    so it can neither inject markup nor control the terminal."""
    md = textsafe.markdown
    doc = _safe(doc)
    cols = columns(doc)
    counts = {c: Counter() for c in cols}
    for r in doc["results"]:
        counts[(r["target"], r["profile"])][r["verdict"]] += 1
    used = [v for v in VERDICT_ORDER if any(counts[c][v] for c in cols)]
    head = headline(doc, sp)
    lines = ["# sockconf results", ""]
    if not terminal:
        lines += [f"**{md(headline_text(head))}**", ""]
    targets = ", ".join(f"{md(n)} ({md(i.get('version', '?'))})" for n, i in doc.get("targets", {}).items())
    complete = doc.get("complete", True)
    lines.append(f"Started {md(doc.get('started'))}, finished {md(doc.get('finished') or 'not finished')}"
                 f"{'' if complete else ' (INCOMPLETE: ' + md(doc.get('status', 'interrupted')) + ')'}.")
    lines.append(f"Targets: {targets}. Host: {md(doc['host'].get('system'))} {md(doc['host'].get('release'))}."
                 + (" Compatibility is gated (--strict-compat)." if doc.get("strict_compat") else ""))
    ident = suite_line(doc.get("suite"))
    if ident:
        lines.append(md(ident) + ".")
    if doc.get("shard"):
        lines.append(f"Shard {md(doc['shard'])} of the items.")
    lines.append("")
    if cols:
        lines.append("| target | profile | " + " | ".join(used) + " |")
        lines.append("|---|---|" + "---|" * len(used))
        for c in cols:
            lines.append(f"| {md(c[0])} | {md(c[1])} | " + " | ".join(str(counts[c][v]) for v in used) + " |")
        lines.append("")
    conf = conformance(doc, sp)
    if conf and doc["results"]:
        lines += ["## Conformance", "", "| target | testable clauses that conform | known failures | "
                  "compatibility differences |", "|---|---|---|---|"]
        diffs = compat_differences(doc)
        for t, c in conf.items():
            pct = "n/a" if c["percent"] is None else f"{c['percent']}%"
            lines.append(f"| {md(t)} | {c['conforming']} of {c['exercised']} exercised ({pct}); "
                         f"{c['testable'] - c['exercised']} not exercised | {len(c['known'])} clauses | "
                         f"{len(diffs.get(t, []))} |")
        lines.append("")
    known = known_failures(doc)
    if known:
        lines += [f"## Known failures ({len(known)})", ""]
        for k in known:
            lines.append(f"- {md(k['target'])}: {md(k['case'])}-{md(k['slug'])} gives {md(k['verdict'])} "
                         f"in {md(', '.join(k['profiles']))} (clauses {md(', '.join(k['clauses']))}): "
                         f"{md(' '.join(k['reason'].split()))}")
        lines.append("")
    bad = unexpected(doc)
    if bad:
        lines.append(f"## Unexpected results ({len(bad)})")
        lines.append("")
        for r in sorted(bad, key=lambda r: (r["case"], r["target"], r["profile"])):
            where = f"{r.get('path', r['case'])}:{r['line']}" if r.get("line") else r.get("path", r["case"])
            what = r["verdict"] + (", flaky" if r.get("flaky") else "") + \
                (", compat differs" if r.get("compat") == "differs" and strict_for(doc, r["target"]) else "")
            lines.append(f"- **{md(what)}** {md(r['case'])}-{md(r['slug'])} [{md(r['target'])}-"
                         f"{md(r['profile'])}] {md(where)}: {md(r['message'])}")
        lines.append("")
    base = doc.get("baseline")
    if base:
        other = other_suite(doc.get("suite"), base.get("suite"))
        lines += [f"## Against the baseline {md(base['file'])}", ""]
        if other:
            lines += [md(other), ""]
        lines += [f"{len(base['regressions'])} regressions, {len(base['fixes'])} fixes, "
                  f"{len(base['new'])} new, {len(base['removed'])} removed.", ""]
        for title, rows in (("Regression", base["regressions"]), ("Fix", base["fixes"])):
            for r in rows:
                lines.append(f"- {title}: {md(r['case'])} [{md(r['target_b'])}-{md(r['profile'])}] "
                             f"{md(r['a'] or 'absent')} → {md(r['b'])}")
        lines.append("")
    diffs = compat_differences(doc)
    if diffs:
        lines += ["## Compatibility differences from tclsh 8.6.13", ""]
        for t, items in diffs.items():
            lines.append(f"- {md(t)}: {len(items)} differences in "
                         f"{len({(r['case'], r['profile']) for r, _ in items})} results")
        lines.append("")
    skips = skip_groups(doc)
    if skips:
        total = sum(n for n, _, _ in skips)
        lines += [f"## Skip reasons ({total} skips)", ""]
        shown = skips if not terminal or len(skips) <= TERMINAL_SKIP_LINES else skips[:TERMINAL_SKIP_LINES - 1]
        for n, reason, profiles in shown:
            where = f" ({', '.join(profiles)})" if "profile P" in reason else ""
            lines.append(f"- {n} × {md(reason)}{md(where)}")
        if len(shown) < len(skips):
            rest = skips[len(shown):]
            lines.append(f"- {sum(n for n, _, _ in rest)} × {len(rest)} other reasons: summary.md has them all")
        lines.append("")
    if extras:
        mut = mutation_summary(extras.get("mutation"))
        if mut:
            lines += ["## Suite strength (mutation.json)", "", md(mut["text"]), ""]
        if extras.get("bench"):
            lines += [f"Benchmarks of {md(extras['bench'].get('started', '?'))}: bench.html"
                      + (", bench.md." if extras.get("bench_md") else "."), ""]
    if terminal:
        lines.append(md(headline_text(head)))
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n"


def terminal_summary(doc, sp=None):
    """What a run prints at its end: summary.md with the skip reasons in at most
    five lines, and the verdict as the last line."""
    return summary_md(doc, sp=sp, terminal=True)


def suite_line(suite):
    """The suite identity of a results document (doc["suite"]) as a phrase, or ""."""
    if not isinstance(suite, dict) or not suite:
        return ""
    out = f"sockconf {suite.get('version', '?')}"
    if suite.get("commit"):
        commit = str(suite["commit"])
        out += f" (commit {commit[:12]}{'-dirty' if commit.endswith('-dirty') else ''})"
    if suite.get("spec_version"):
        out += f", spec version {suite['spec_version']}"
    if suite.get("cases") is not None:
        out += f", {suite['cases']} cases"
    if suite.get("case_set"):
        kind, _, digest = str(suite["case_set"]).rpartition(":")
        out += f" (case set {kind + ':' if kind else ''}{digest[:12]})"
    return out


def other_suite(this, base, this_name="this run", base_name="The baseline"):
    """A sentence naming the difference when a baseline (BASE_NAME) comes from
    another suite version, commit or case set than this run (THIS_NAME), else ""."""
    if not isinstance(this, dict) or not isinstance(base, dict) or not this or not base:
        if isinstance(this, dict) and this and not base:
            return f"{base_name} does not say which suite version produced it."
        return ""
    keys = [k for k in ("version", "commit", "spec_version", "case_set") if base.get(k) != this.get(k)]
    if not keys:
        return ""
    return (f"{base_name} comes from another suite: {suite_line(base)}; {this_name}: {suite_line(this)}. "
            "Differences may come from the suite, not from the target.")


# ---------------------------------------------------------------- page models

# The columns of the area table: (kind, the matrix's verdict filter, label).
OUTCOMES = (("pass", "pass", "pass"), ("known", "xfail", "known failures"),
            ("unexpected", "unexpected", "unexpected"), ("skip", "skip", "skip"))


def _verdict_summary(verdicts):
    """(css class, text, unexpected) for the verdicts of one case on one target
    (over its profiles): the worst verdict (VERDICT_ORDER) and the counts,
    worst first."""
    if not verdicts:
        return "none", "—", False
    c = Counter(verdicts)
    worst = max(c, key=rank)
    if len(c) == 1:
        return worst, f"{worst} ×{c[worst]}" if c[worst] > 1 else worst, worst not in EXPECTED_VERDICTS
    text = " · ".join(f"{v} {n}" for v, n in sorted(c.items(), key=lambda x: -rank(x[0])))
    return worst, text, worst not in EXPECTED_VERDICTS


class Model:
    """What the pages show, computed once from a (made-safe) results document."""

    def __init__(self, doc, sp=None, out=None, extras=None, source_url=""):
        self.raw = doc
        self.doc = _safe(doc)
        self.sp = sp
        self.out = Path(out) if out is not None else None
        self.extras = extras or {"mutation": None, "bench": None, "bench_png": "", "bench_md": None,
                                 "problems": [], "files": {}}
        d = self.doc
        self.cols = columns(d)
        self.targets = list(dict.fromkeys(list(d.get("targets", {})) + [t for t, _ in self.cols]))
        self.profiles = list(dict.fromkeys(list(d.get("profiles", [])) + [p for _, p in self.cols]))
        self.targets = [t for t in self.targets if any(c[0] == t for c in self.cols)] or self.targets
        self.profiles = [p for p in self.profiles if any(c[1] == p for c in self.cols)] or self.profiles
        self.tindex = {t: i for i, t in enumerate(self.targets)}
        self.pindex = {p: i for i, p in enumerate(self.profiles)}
        self.bad_ids = {id(r) for r in unexpected(d)}
        self.source_url = source_url

    # ------------------------------------------------------ common

    def meta(self):
        d = self.doc
        return {
            "started": d.get("started"), "finished": d.get("finished"),
            "host": d.get("host", {}), "complete": d.get("complete", True),
            "status": d.get("status", ""), "strict_compat": d.get("strict_compat", False),
            "resolver": d.get("resolver", ""), "repeat": d.get("repeat"), "shard": d.get("shard"),
            "merged_shards": d.get("merged_shards"), "selected": d.get("selected"),
            "records": len(d["results"]), "suite": suite_line(d.get("suite")),
            "targets": [{"name": n, "version": i.get("version", "?"),
                         "command": " ".join(i.get("command", [])) if isinstance(i.get("command"), list)
                         else i.get("command", ""), "setup": i.get("setup", ""),
                         "expectations": i.get("expectations", "")}
                        for n, i in d.get("targets", {}).items()],
        }

    def nav(self):
        return {"mutation": self.extras.get("mutation") is not None,
                "bench": self.extras.get("bench") is not None,
                "explore": self.extras.get("explore") is not None,
                "releases": self.out is not None and (self.out / "releases.json").is_file()}

    def where(self, r):
        path = r.get("path") or ""
        return f"{path}:{r['line']}" if r.get("line") and path else path

    # ------------------------------------------------------ index

    def counts(self):
        counts = {c: Counter() for c in self.cols}
        extra = {c: Counter() for c in self.cols}
        for r in self.doc["results"]:
            key = (r["target"], r["profile"])
            counts[key][r["verdict"]] += 1
            if r.get("compat") == "differs":
                extra[key]["compat"] += 1
            if r.get("flaky"):
                extra[key]["flaky"] += 1
        used = [v for v in VERDICT_ORDER if any(counts[c][v] for c in self.cols)]
        groups = []
        for t in self.targets:
            rows = [{"profile": p, "counts": [counts[(t, p)][v] for v in used],
                     "compat": extra[(t, p)]["compat"], "flaky": extra[(t, p)]["flaky"],
                     "total": sum(counts[(t, p)].values())}
                    for (tt, p) in self.cols if tt == t]
            groups.append({"target": t, "version": self.doc.get("targets", {}).get(t, {}).get("version", "?"),
                           "rows": rows})
        return {"used": used, "groups": groups,
                "any_flaky": any(extra[c]["flaky"] for c in self.cols)}

    def overview(self):
        """The first screen: per target a conformance bar (clauses that conform,
        known failures, failures, not exercised) and per area and target the
        results that pass, are known failures, are unexpected, or skip."""
        conf = conformance(self.doc, self.sp)
        first_case = {}
        for r in self.doc["results"]:
            a = area_of(r)
            first_case[a] = min(first_case.get(a, r["case"]), r["case"])
        areas = sorted(first_case, key=lambda a: (first_case[a], a))
        counts = defaultdict(Counter)
        for r in self.doc["results"]:
            counts[(area_of(r), r["target"])][self.outcome(r)] += 1
            counts[("", r["target"])][self.outcome(r)] += 1
        heads = []
        for t in self.targets:
            c = conf.get(t) or {"testable": 0, "exercised": 0, "conforming": 0, "percent": None,
                                "failing": [], "known": [], "unexpected": []}
            parts = [("pass", c["conforming"], "conform"), ("xfail", len(c["known"]), "known failures"),
                     ("fail", len(c["unexpected"]), "fail"),
                     ("skip", c["testable"] - c["exercised"], "not exercised")]
            total = max(c["testable"], 1)
            x, segs = 0.0, []
            for cls, n, label in parts:
                w = 100.0 * n / total
                if n:
                    segs.append({"cls": cls, "x": round(x, 3), "w": round(w, 3), "n": n, "label": label})
                x += w
            label = (f"{t}: {c['conforming']} of {c['testable']} testable clauses conform, "
                     + ", ".join(f"{n} {lab}" for _, n, lab in parts[1:]))
            heads.append({"target": t, "ti": self.tindex[t],
                          "version": self.doc.get("targets", {}).get(t, {}).get("version", "?"),
                          **c, "segments": segs, "label": label})
        rows = []
        for a in areas + [""]:
            cells = []
            for t in self.targets:
                k = counts[(a, t)]
                base = (f"area={quote(a)}&" if a else "") + f"target={quote(t)}"
                cells.append([{"kind": kind, "n": k[kind], "label": label,
                               "href": f"#{base}&verdict={verdict}"}
                              for kind, verdict, label in OUTCOMES])
            rows.append({"area": a or "all areas", "total": not a, "cells": cells})
        return {"heads": heads, "rows": rows}

    def outcome(self, r):
        """A record's column in the area table: unexpected, known, skip or pass."""
        if id(r) in self.bad_ids:
            return "unexpected"
        return {"xfail": "known", "skip": "skip"}.get(r["verdict"], "pass")

    def unexpected_rows(self):
        """The unexpected results, one entry per case and outcome: the same
        verdict with the same message in several targets or profiles is one
        entry listing them."""
        groups = {}
        order = sorted(unexpected(self.doc), key=lambda r: (r["case"], self.tindex.get(r["target"], 99),
                                                             self.pindex.get(r["profile"], 99)))
        for r in order:
            what = r["verdict"]
            if r.get("flaky"):
                what += ", flaky"
            if strict_for(self.doc, r["target"]) and r.get("compat") == "differs":
                what += ", compat differs"
            key = (r["case"], what, r.get("message", ""), self.where(r))
            g = groups.setdefault(key, {"verdict": r["verdict"], "what": what, "case": r["case"],
                                        "slug": r["slug"], "where": self.where(r),
                                        "message": r.get("message", ""), "title": r.get("title", ""),
                                        "cells": []})
            g["cells"].append({"target": r["target"], "profile": r["profile"],
                               "cell": f"{r['case']},{r['target']},{r['profile']}"})
        return list(groups.values())

    def conformance_rows(self):
        conf = conformance(self.doc, self.sp)
        diffs = compat_differences(self.doc)
        rows = []
        for t in self.targets:
            c = conf.get(t)
            if c is None:
                continue
            items = diffs.get(t, [])
            rows.append({"target": t, "version": self.doc["targets"].get(t, {}).get("version", "?"),
                         **c, "differences": len(items), "anchor": f"compat-{self.tindex.get(t, 0)}",
                         "differing_results": len({(r["case"], r["profile"]) for r, _ in items})})
        return rows

    def compat_groups(self):
        """Per target: the differences, the same difference in several profiles once."""
        out = []
        for t, items in compat_differences(self.doc).items():
            grouped = {}
            for r, d in items:
                key = (r["case"], d.get("line", ""), d.get("message", ""), d.get("expected", ""),
                       d.get("actual", ""))
                g = grouped.setdefault(key, {"case": r["case"], "slug": r["slug"], "path": r.get("path", ""),
                                             "line": d.get("line", ""), "message": d.get("message", ""),
                                             "expected": d.get("expected", ""), "actual": d.get("actual", ""),
                                             "profiles": [], "cell": f"{r['case']},{t},{r['profile']}"})
                g["profiles"].append(r["profile"])
            for g in grouped.values():
                seen = Counter(g["profiles"])
                g["profiles"] = [p + (f" ×{seen[p]}" if seen[p] > 1 else "")
                                 for p in sorted(seen, key=lambda p: self.pindex.get(p, 99))]
            rows = sorted(grouped.values(), key=lambda g: (g["case"], g["line"]))
            out.append({"target": t, "count": len(items), "rows": rows, "anchor": f"compat-{self.tindex.get(t, 0)}",
                        "results": len({(r["case"], r["profile"]) for r, _ in items})})
        out.sort(key=lambda g: self.tindex.get(g["target"], 99))
        return out

    def matrix(self):
        """Rows of the matrix and the details of every cell (the JSON block)."""
        by_case = defaultdict(dict)
        meta = {}
        for r in self.doc["results"]:
            by_case[(r["case"], r["slug"])][(r["target"], r["profile"])] = r
            meta.setdefault(r["case"], (r.get("title", ""), area_of(r)))
        details, rows = [], []
        col_info = []
        for i, (t, p) in enumerate(self.cols):
            col_info.append({"target": t, "profile": p, "ti": self.tindex[t], "pi": self.pindex[p],
                             "first": i == 0 or self.cols[i - 1][0] != t})
        shared = []             # per row: what every record of the case has in common
        for (case, slug), row in sorted(by_case.items()):
            first = next(iter(row.values()))
            shared.append({k: v for k, v in self.detail(first).items() if k in self.SHARED})
            per_profile = defaultdict(set)
            for (t, p), r in row.items():
                per_profile[p].add(r["verdict"])
            interesting = any(id(r) in self.bad_ids for r in row.values()) or \
                any(len(vs) > 1 for vs in per_profile.values())
            cells = []
            for c in col_info:
                r = row.get((c["target"], c["profile"]))
                if r is None:
                    cells.append(None)
                    continue
                label = f"{c['target']} {c['profile']}: {r['verdict']}"
                if r.get("compat") == "differs":
                    label += ", compatibility differs"
                if r.get("flaky"):
                    label += ", flaky"
                if id(r) in self.bad_ids:
                    label += ", unexpected"
                cells.append({"k": len(details), "verdict": r["verdict"], "mark": VERDICT_MARK.get(r["verdict"], "?"),
                              "compat": r.get("compat") == "differs", "flaky": bool(r.get("flaky")),
                              "unexpected": id(r) in self.bad_ids, "label": label,
                              "harness": "harness" in r,
                              "tip": _clip(r.get("message", ""), 200)})
                details.append(self._compact(self.detail(r), shared[-1], len(rows), len(cells) - 1))
            title, area = meta[case]
            rows.append({"case": case, "slug": slug, "title": title, "area": area,
                         "interesting": interesting, "cells": cells})
        areas = sorted({r["area"] for r in rows})
        verdicts = [v for v in VERDICT_ORDER if any(c and c["verdict"] == v for r in rows for c in r["cells"])]
        groups = []
        for t in self.targets:
            span = sum(1 for c in col_info if c["target"] == t)
            if span:
                groups.append({"target": t, "ti": self.tindex[t], "span": span})
        return {"rows": rows, "cols": col_info, "groups": groups, "details": details, "areas": areas,
                "verdicts": verdicts, "cases": shared}

    SHARED = ("case", "slug", "title", "path", "area", "clauses")

    def _compact(self, detail, shared, row, col):
        """DETAIL without what the page's script gets elsewhere: the case's SHARED
        fields (data.cases[c]) and the column's target and profile (data.cols[col])."""
        out = {"c": row, "col": col}
        for k, v in detail.items():
            if k in ("target", "profile") or (k in self.SHARED and shared.get(k) == v):
                continue
            out[k] = v
        for k in shared:
            if k not in detail:
                out[k] = None
        return out

    def detail(self, r):
        """One cell's detail for the page's script (only what is there)."""
        keys = ("case", "slug", "title", "target", "profile", "verdict", "raw_verdict", "expected_verdict",
                "expectation", "message", "path", "line", "expected", "actual", "errorcode", "compat",
                "tcl", "exit", "harness", "flaky", "duration_s")
        out = {k: r[k] for k in keys if k in r and r[k] not in ("", None, [], {})}
        out["verdict"] = r["verdict"]
        out["area"] = area_of(r)
        for k in ("stdout", "stderr"):
            if r.get(k):
                out[k] = _clip(r[k])
        for k in ("observations", "measurements"):
            if r.get(k):
                out[k] = [[str(a), _clip(b, 2000)] for a, b in sorted(r[k].items())]
        if r.get("compat_differences"):
            out["compat_differences"] = [{k: d.get(k, "") for k in ("message", "expected", "actual", "line")}
                                         for d in r["compat_differences"]]
        if r.get("clauses"):
            out["clauses"] = list(r["clauses"])
        if r.get("faults"):
            out["faults"] = [[f.get(k, "") for k in ("var", "rule", "call", "role", "matched", "injected")]
                             for f in r["faults"]]
        if r.get("runs"):
            out["runs"] = [{"verdict": x.get("verdict", ""), "duration_s": x.get("duration_s", ""),
                            "message": x.get("message", ""), "compat": x.get("compat", "")}
                           for x in r["runs"]]
        return out

    def index_data(self, matrix):
        """The page's JSON block: cell details, what each case's cells share, the
        columns, and the lines of the case files that the details point at
        (results.json's "sources", recorded at run time)."""
        paths_used = {c.get("path") for c in matrix["cases"]}
        sources = {p: v.get("lines", {}) for p, v in (self.doc.get("sources") or {}).items()
                   if p in paths_used and isinstance(v, dict)}
        return {"details": matrix["details"], "cases": matrix["cases"], "sources": sources,
                "source_url": self.source_url,
                "commit": str((self.doc.get("suite") or {}).get("commit") or "HEAD").removesuffix("-dirty"),
                "cols": [[c["target"], c["profile"]] for c in matrix["cols"]],
                "targets": self.targets, "profiles": self.profiles}

    # ------------------------------------------------------ clauses

    def clause_rows(self):
        """Every clause of the registry (and any unknown clause a result names):
        strength, text, and per case the verdicts per target."""
        sp = self.sp
        per = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))     # clause -> case -> target -> [v]
        case_info = {}
        for r in self.doc["results"]:
            case_info.setdefault(r["case"], {"slug": r["slug"], "title": r.get("title", ""),
                                             "area": area_of(r), "path": r.get("path", "")})
            for cl in r.get("clauses", []):
                per[cl][r["case"]][r["target"]].append((r["profile"], r["verdict"]))
        entries = []
        known = sp.clauses if sp is not None else {}
        ids = list(known) + sorted(c for c in per if c not in known)
        for cid in ids:
            entry = known.get(cid)
            data = _safe(entry.data) if entry is not None else {}
            testable = data.get("testable") == "true" if entry is not None else None
            cases = []
            for case in sorted(per.get(cid, {})):
                info = case_info[case]
                cells = []
                for t in self.targets:
                    pv = per[cid][case].get(t, [])
                    cls, text, bad = _verdict_summary([v for _, v in pv])
                    cells.append({"cls": cls, "text": text, "bad": bad,
                                  "tip": ", ".join(f"{p}: {v}" for p, v in pv)})
                cases.append({"case": case, **info, "cells": cells})
            states = []
            for t in self.targets:
                vs = [v for case in per.get(cid, {}) for _, v in per[cid][case].get(t, [])]
                cls, text = clause_state(vs)
                states.append({"cls": cls, "text": text})
            if entry is None:
                status = "unknown"
            elif not testable:
                status = "untestable"
            elif not cases:
                status = "no-result"
            elif any(s["cls"] == "fail" for s in states):
                status = "fails"
            elif any(s["cls"] == "xfail" for s in states):
                status = "known"
            elif all(s["cls"] in ("skip", "none") for s in states):
                status = "not-exercised"
            else:
                status = "conforms"
            entries.append({"id": cid, "section": data.get("section", ""), "strength": data.get("strength", "?"),
                            "text": data.get("text", ""), "testable": testable,
                            "reason": data.get("reason", ""), "line": entry.line if entry else None,
                            "cases": cases, "states": states, "status": status})
        return entries

    # ------------------------------------------------------ diff

    def target_pairs(self):
        """The comparison of every target with every other (A → B, both ways:
        "worse" is worse on B), as rows for the page; a difference seen in
        several profiles is one row listing them."""
        from . import compare
        out = []
        for a in self.targets:
            for b in self.targets:
                if a == b:
                    continue
                cmp = compare.compare(self.doc, self.doc, a, b, a, b)
                worse = {id(r) for r in cmp.regressions}
                better = {id(r) for r in cmp.fixes}
                rows = self._grouped([self._diff_row(r, "worse" if id(r) in worse else
                                                     "better" if id(r) in better else "")
                                      for r in cmp.rows])
                kinds = Counter(row["family"] for row in rows)
                out.append({"a": a, "b": b, "pair": f"{a} → {b}", "rows": rows, "results": len(cmp.rows),
                            "worse": len(cmp.regressions), "better": len(cmp.fixes), "kinds": kinds})
        return out

    def _grouped(self, rows):
        """ROWS with the same difference in several profiles merged into one
        row whose "profiles" lists them (in the run's profile order)."""
        groups = {}
        for r in rows:
            key = (r["case"], r["target_a"], r["target_b"], r["kind"], r["a"], r["b"], r["change"])
            g = groups.get(key)
            if g is None:
                g = groups[key] = dict(r, profiles=[])
            if r["profile"] not in g["profiles"]:
                g["profiles"].append(r["profile"])
        out = []
        for g in groups.values():
            g["profiles"].sort(key=lambda p: self.pindex.get(p, 99))
            g["profile"] = " ".join(g["profiles"])
            target = g["target_b"] or g["target_a"]
            g["link"] = (f"case={quote(g['case'])}&profile={quote(','.join(g['profiles']))}"
                         + (f"&target={quote(target)}" if target in self.tindex else ""))
            out.append(g)
        return out

    def _diff_row(self, r, change):
        if isinstance(r, dict):
            get = r.get
        else:
            def get(k, default=""):
                return getattr(r, k, default)
        kind = get("kind", "")
        family = kind.split(" ", 1)[0] if kind.startswith("observe") else \
            "only" if kind.startswith("only") else kind
        return {"case": get("case", ""), "profile": get("profile", ""), "kind": kind, "family": family,
                "a": get("a", ""), "b": get("b", ""), "change": change,
                "target_a": get("target_a", ""), "target_b": get("target_b", "")}

    def baseline(self):
        base = self.doc.get("baseline")
        if not base:
            return None
        out = {"file": base.get("file", ""), "a": base.get("a", ""), "b": base.get("b", ""), "sections": [],
               "other_suite": other_suite(self.doc.get("suite"), base.get("suite"))}
        def ident(r):
            return tuple(r.get(k) for k in ("case", "profile", "target_a", "target_b", "kind", "a", "b"))

        listed = set()
        for key, title, change in (("regressions", "Regressions", "worse"), ("fixes", "Fixes", "better"),
                                   ("new", "New results", ""), ("removed", "Removed results", ""),
                                   ("differences", "Other differences", "")):
            rows = []
            for r in base.get(key, []) or []:
                if not isinstance(r, dict) or (key == "differences" and ident(r) in listed):
                    continue
                listed.add(ident(r))
                rows.append(self._diff_row(r, change))
            out["sections"].append({"key": key, "title": title, "rows": self._grouped(rows)})
        out["counts"] = {key: len(base.get(key, []) or [])
                         for key in ("regressions", "fixes", "new", "removed", "differences")}
        return out


def mutation_summary(mdoc):
    """{"curated", "generated", "text"} figures of a mutation.json, or None."""
    if not isinstance(mdoc, dict):
        return None
    cur = mdoc.get("curated") or {}
    gen = mdoc.get("generated") or {}
    score = gen.get("score")
    if score is None:
        denom = (gen.get("total") or 0) - (gen.get("equivalent") or 0)
        score = round(gen.get("killed", 0) / denom, 4) if denom else None
    text = (f"curated mutants: {cur.get('killed', 0)} of {cur.get('total', 0)} killed; generated: "
            f"{gen.get('killed', 0)} killed, {gen.get('equivalent', 0)} equivalent of {gen.get('total', 0)}, "
            f"score {'n/a' if score is None else f'{score:.2f}'}")
    return {"curated": cur, "generated": gen, "score": score, "text": text}


def mutation_model(mdoc):
    mdoc = _safe(mdoc)
    summary = mutation_summary(mdoc)
    rows = []
    for kind in ("curated", "generated"):
        for e in (mdoc.get(kind) or {}).get("mutants", []) or []:
            if not isinstance(e, dict):
                continue
            if kind == "generated" and e.get("file"):
                change = f"{e.get('file')}:{e.get('line', '')} {e.get('operator', '')}"
                detail = (e.get("original", ""), e.get("mutated", ""))
            else:
                change = e.get("description", "")
                detail = None
            rows.append({"kind": kind, "id": e.get("id", "?"), "change": change, "detail": detail,
                         "description": e.get("description", ""), "clause": e.get("clause", ""),
                         "patch": e.get("patch", ""), "outcome": e.get("outcome", "?"),
                         "killed_by": [k for k in e.get("killed_by", []) or [] if isinstance(k, dict)],
                         "note": e.get("equivalent_reason") or e.get("problem") or "",
                         "flaky": e.get("flaky") or [], "seconds": e.get("seconds", ""),
                         "run": e.get("run", ""), "selected": e.get("selected", "")})
    outcomes = sorted({r["outcome"] for r in rows})
    return {"summary": summary, "rows": rows, "outcomes": outcomes,
            "started": mdoc.get("started", ""), "seed": (mdoc.get("generated") or {}).get("seed", "")}


def _fmt(v):
    if not isinstance(v, (int, float)) or isinstance(v, bool):
        return "-" if v is None else str(v)
    if abs(v) >= 100:
        return f"{v:.0f}"
    return f"{v:.1f}" if abs(v) >= 10 else f"{v:.2f}"


def bench_model(bdoc):
    bdoc = _safe(bdoc)
    metrics = bdoc.get("metrics") or {}
    names = list(bdoc.get("columns") or [])
    for m in metrics.values():
        for n in (m.get("targets") or {}):
            if n not in names:
                names.append(n)
    rows = []
    for name, m in metrics.items():
        if not isinstance(m, dict):
            continue
        cells = []
        for n in names:
            e = (m.get("targets") or {}).get(n)
            if not isinstance(e, dict):
                cells.append(None)
                continue
            ratio = e.get("ratio")
            cells.append({"median": _fmt(e.get("median")), "min": _fmt(e.get("min")), "max": _fmt(e.get("max")),
                          "ratio": None if ratio is None else f"{ratio:.2f}",
                          "cls": "" if ratio is None else "better" if ratio >= 1.0 else "worse",
                          "samples": ", ".join(_fmt(s) for s in e.get("samples", []) or [])})
        rows.append({"name": name, "unit": m.get("unit", ""), "description": m.get("description", ""),
                     "higher": m.get("higher_is_better"), "cells": cells})
    suite = bdoc.get("suite") or None
    suite_rows = []
    if isinstance(suite, dict):
        for n, e in (suite.get("targets") or {}).items():
            suite_rows.append({"target": n, **{k: _fmt(v) for k, v in e.items()}})
    runs = bdoc.get("suite_runs") or {}
    run_rows = [{"target": n, **{k: _fmt(v) for k, v in e.items()}} for n, e in runs.items()
                if isinstance(e, dict)]
    return {"started": bdoc.get("started", ""), "host": bdoc.get("host") or {}, "runs": bdoc.get("runs", ""),
            "baseline": bdoc.get("baseline", ""), "ratio": bdoc.get("ratio", ""), "columns": names,
            "rows": rows, "suite": suite, "suite_rows": suite_rows, "run_rows": run_rows}


# ---------------------------------------------------------------- rendering

def script_json(obj):
    """OBJ as JSON to put inside <script type="application/json">: "<", ">",
    "&" and the JavaScript line separators are \\u escapes, so no text in it
    can end the element ("</script>") or open a comment."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


_ENV = None


def environment():
    global _ENV
    if _ENV is None:
        import jinja2
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(TEMPLATES)),
            autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default_for_string=True),
            trim_blocks=True, lstrip_blocks=True)
        # Everything reaching a template has been through _safe already; "safe_text"
        # says so where a value is not from the results document.
        env.filters["safe_text"] = lambda v: textsafe.escape_controls("" if v is None else v, keep_newlines=True)
        env.filters["fmt"] = _fmt
        env.filters["pct"] = lambda v: "n/a" if v is None else f"{v}%"
        env.globals["script_json"] = script_json
        _ENV = env
    return _ENV


PAGE_SCRIPTS = {"index": ("common.js", "matrix.js"), "clauses": ("common.js", "tables.js"),
                "diff": ("common.js", "tables.js"), "mutation": ("common.js", "tables.js"),
                "bench": ("common.js", "tables.js"), "explore": ()}


def _scripts(page):
    """The page's inline scripts and the Content-Security-Policy source list that
    allows exactly them (by hash): a script element that got into a page any
    other way would not run."""
    import hashlib
    from markupsafe import Markup
    names = PAGE_SCRIPTS[page]
    js = {n: (TEMPLATES / n).read_text(encoding="utf-8") for n in names}
    for n, text in js.items():
        if "</script" in text.lower():
            raise ValueError(f"templates/{n} must not contain '</script'")
    hashes = ["'sha256-" + base64.b64encode(hashlib.sha256(t.encode("utf-8")).digest()).decode() + "'"
              for t in js.values()]
    return {"scripts": list(names), "js": {n: Markup(t) for n, t in js.items()},
            "csp_scripts": " ".join(hashes) or "'none'"}


def _render(name, **ctx):
    return environment().get_template(name).render(**ctx, **_scripts(ctx["page"]))


SOURCE_URL_ENV = "SOCKCONF_SOURCE_URL"


def source_url_template(value=None):
    """The template that turns a case file into a link (from VALUE, else the
    environment's SOCKCONF_SOURCE_URL), e.g.
    https://github.com/OWNER/sockconf/blob/{commit}/{path}#L{line}; "" when
    none is set. ConfigError when it is not an http(s) URL naming {path}."""
    from .errors import ConfigError
    text = os.environ.get(SOURCE_URL_ENV, "") if value is None else value
    if not text:
        return ""
    if not text.startswith(("https://", "http://")) or "{path}" not in text:
        raise ConfigError(f"source URL {text!r}: must be an http(s) URL with {{path}} in it "
                          "(and optionally {commit} and {line})")
    return text


def render_pages(doc, out=None, sp=None, extras=None, source_url=None):
    """{file name: text} of every HTML page for DOC (mutation.html and
    bench.html only when EXTRAS has their documents). SOURCE_URL: see
    source_url_template (default: the environment's)."""
    from .errors import ConfigError
    sp = _spec(sp)
    if extras is None:
        extras = load_extras(out) if out is not None else None
    problems = []
    try:
        url = source_url_template(source_url)
    except ConfigError as exc:
        url = ""
        problems.append(f"{SOURCE_URL_ENV} ignored: {exc}")
    m = Model(doc, sp, out, extras, url)
    common = {"meta": m.meta(), "nav": m.nav(), "problems": m.extras.get("problems", []) + problems}
    matrix = m.matrix()
    mut = mutation_summary(m.extras.get("mutation"))
    bench = m.extras.get("bench")
    pages = {}
    pages["index.html"] = _render(
        "index.html", page="index", **common, counts=m.counts(), unexpected=m.unexpected_rows(),
        unexpected_count=len(unexpected(m.doc)), headline=headline(m.doc, sp), overview=m.overview(),
        known=known_failures(m.doc), marks=[(v, VERDICT_MARK[v]) for v in VERDICT_ORDER],
        conformance=m.conformance_rows(), compat=m.compat_groups(), matrix=matrix,
        data=m.index_data(matrix), baseline=m.baseline(), mutation=mut,
        bench=bench_model(bench) if bench else None)
    clauses = m.clause_rows()
    pages["clauses.html"] = _render(
        "clauses.html", page="clauses", **common, clauses=clauses, targets=m.targets,
        conformance=m.conformance_rows(),
        statuses=[s for s in ("fails", "known", "conforms", "not-exercised", "no-result", "untestable",
                              "unknown") if any(c["status"] == s for c in clauses)],
        strengths=[s for s in ("must", "should", "implementation-defined", "informative", "?")
                   if any(c["strength"] == s for c in clauses)])
    pairs = m.target_pairs()
    pages["diff.html"] = _render(
        "diff.html", page="diff", **common, pairs=pairs, baseline=m.baseline(), targets=m.targets,
        kinds=sorted({r["family"] for p in pairs for r in p["rows"]}),
        profiles=m.profiles)
    if m.extras.get("mutation") is not None:
        pages["mutation.html"] = _render("mutation.html", page="mutation", **common,
                                         mutation=mutation_model(m.extras["mutation"]))
    if bench is not None:
        pages["bench.html"] = _render("bench.html", page="bench", **common, bench=bench_model(bench),
                                      png=m.extras.get("bench_png", ""),
                                      bench_md=os.path.relpath(m.extras["bench_md"], out)
                                      if m.extras.get("bench_md") and out is not None else "")
    if m.extras.get("explore") is not None:
        from . import explore
        pages["explore.html"] = explore.page(m.extras["explore"], common)
    return pages


def index_html(doc, sp=None, out=None, extras=None):
    """The matrix page alone (see render_pages)."""
    return render_pages(doc, out, sp, extras)["index.html"]


def write_all(doc, out, sp=None, source_url=None):
    """Every report of DOC into the folder OUT (atomically, each file):
    junit.xml, summary.md, index.html, clauses.html, diff.html, and
    mutation.html / bench.html when their JSON is found (an old one is removed
    when not)."""
    from . import junit
    from .results import write_atomic
    out = Path(out)
    extras = load_extras(out)
    junit.write(doc, out / "junit.xml", {id(r) for r in unexpected(doc)})
    write_atomic(out / "summary.md", summary_md(doc, extras, sp))
    pages = render_pages(doc, out, sp, extras, source_url)
    for name, text in pages.items():
        write_atomic(out / name, text)
    for name in PAGES:
        if name not in pages:
            try:
                (out / name).unlink()
            except FileNotFoundError:
                pass
