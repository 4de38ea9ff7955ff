"""make releases: the suite on every Tcl release build, notifier variant and layered socket,
and the page of what changed from one to the next.

    sockconf releases run [--out DIR] [--jobs N] [--profile P]... [-k EXPR] [--target T]...
    sockconf releases report [--results FILE] [--out DIR]
    sockconf releases check [--out DIR] [--jobs N]     (part of make check)
    sockconf releases selection                         (the cases check runs on each build)
    sockconf releases compat --results FILE             (compat_of targets: no difference of their own)

`run` runs every case on the release targets (below) in every profile, in one
`./sockconf run`, into DIR (default reports/releases/: results.json and the
usual pages), then writes releases.json and releases.html there and gates: exit
0 when the run is complete and every result is as expected, a target whose
table says `strict_compat = true` (refsock in each Tcl) also without a
compatibility difference from tclsh 8.6.13; 1 otherwise; 2 on bad usage or a
missing build (one line naming the command that builds it). `report` does the
pages and the gate again from a results.json.

The release targets are computed from harness/targets.toml: every target that
runs in a Tcl built from source (`tcl = {...}`), the built-in target of the
same release for each family (Debian's tclsh8.6 for tclsh8.6.13: the control),
and each layered target present (LAYERED: `tls` over tclsh8.6). The steps,
in release order within a family (targets sharing a setup script: the Tcl
builds themselves, refsock in each):
  release   the default builds from one release to the next (8.6.13 -> 8.6.16 -> ...)
  variant   a release's default build -> its other variants (default -> select,
            threaded -> nothreads)
  control   the built-in target -> the source build of the same release
  layer     the target a layer is put on -> the layered target (socket -> tls)
Each step is compare.compare of the two targets (what `./sockconf diff A B
--results DIR/results.json` prints), its rows grouped by case: a fix (the raw
verdict became pass), a regression (it was pass and is not), or a change (the
failure changed kind, or observed facts or compatibility changed).
"""

import argparse
import json
import os
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote

from . import compare, gate, paths, reports, results, targets, tclbuilds
from .errors import ConfigError
from .model import ORDER as VERDICT_ORDER, clause_state, unexpected_reason

OUT = paths.REPORTS / "releases"
# Layered implementations: target -> the target whose socket it is layered on.
LAYERED = {"tls": "tclsh8.6"}
STEP_KINDS = ("control", "release", "variant", "layer")
VARIANT_ORDER = {v: i for i, v in enumerate(tclbuilds.VARIANTS)}
VARIANT_STEP = {"select": "default → select", "nothreads": "threaded → nothreads"}
# The targets make check runs whole elsewhere (suite-check, suite-check-tcl9): a release
# target that is one of them again (the same interpreter, setup and build) is not run twice.
CHECKED_WHOLE = ("ref", "ref-asan", "tclsh9.0", "ref9")

# The releases page's scripts (a registration: reports renders every page the same way).
reports.PAGE_SCRIPTS.setdefault("releases", ("common.js", "tables.js"))


def _family(t):
    """Targets in one family differ only in the Tcl they run in: the same setup script."""
    return str(t.setup) if t.setup else ""


def release_targets(known):
    """The targets `make releases` runs, in display order: per family (the plain
    Tcl builds first), the built-in target the builds start from (`like`) when
    it runs another interpreter (Debian's tclsh8.6 for tclsh8.6.13: the
    control), then the builds by release and variant; a layered target after
    the family of the target it is layered on."""
    builds = [t for t in known.values() if t.build is not None]
    families = []
    for t in builds:
        if _family(t) not in families:
            families.append(_family(t))
    families.sort(key=lambda f: f != "")
    chosen = []
    for fam in families:
        members = sorted((t for t in builds if _family(t) == fam),
                         key=lambda t: (tclbuilds.release_key(t.build.release),
                                        VARIANT_ORDER[t.build.variant], t.name))
        controls = []
        for m in members:
            base = known.get(m.like) if m.like else None
            if base is not None and base.build is None and base not in controls and \
                    _elsewhere(base, [n for n in members if n.like == m.like]):
                controls.append(base)
        chosen += controls + members
        names = [c.name for c in controls + members]
        chosen += [known[n] for n, base in LAYERED.items() if n in known and base in names]
    return chosen


def _elsewhere(base, built_from_it):
    """True when BASE runs an interpreter none of the builds made from its table
    runs (tclsh9.0 may be the very Tcl 9.0.4 build: then it is no control)."""
    try:
        exe = Path(base.resolved_command()[0]).resolve()
    except ConfigError:
        return False
    return all(exe != m.build.tclsh().resolve() for m in built_from_it)


def steps(doc):
    """[(kind, label, a, b)] for the targets of DOC (its targets' build info)."""
    info = doc.get("targets", {})
    names = [n for n in info]
    out = []

    def build(n):
        return info[n].get("build")

    def family(n):
        return info[n].get("setup", "")

    fams = list(dict.fromkeys(family(n) for n in names))
    for fam in fams:
        members = [n for n in names if family(n) == fam and build(n)]
        # a family other than the plain Tcl builds is named by what its targets' names share
        who = os.path.commonprefix(members).rstrip("-.0123456789") if fam and members else ""
        tag = f"{who}: " if who else ""
        defaults = sorted((n for n in members if build(n)["variant"] == "default"),
                          key=lambda n: tclbuilds.release_key(build(n)["release"]))
        for n in names:
            if family(n) == fam and not build(n) and n not in LAYERED:
                match = [m for m in defaults if build(m)["release"] == info[n].get("version")]
                if match:
                    out.append(("control", f"{n} ({info[n].get('version')}, as installed) → "
                                f"{match[0]} (from source)", n, match[0]))
        for a, b in zip(defaults, defaults[1:]):
            out.append(("release", f"{tag}{build(a)['release']} → {build(b)['release']}", a, b))
        for n in members:
            v = build(n)["variant"]
            if v != "default":
                base = [m for m in defaults if build(m)["release"] == build(n)["release"]]
                if base:
                    out.append(("variant", f"{tag}{build(n)['release']}: "
                                f"{VARIANT_STEP.get(v, 'default → ' + v)}", base[0], n))
    for n, base in LAYERED.items():
        if n in info and base in info:
            out.append(("layer", f"{base} → {n} (socket → {n})", base, n))
    order = {k: i for i, k in enumerate(STEP_KINDS)}
    fam_index = {f: i for i, f in enumerate(fams)}
    return sorted(out, key=lambda s: (fam_index.get(family(s[2]), 99), order[s[0]]))


def _raw(rec):
    return rec.get("raw_verdict", rec["verdict"]) if rec else "absent"


def classify(ra, rb):
    """fix | regression | change, from the raw verdicts of the two records."""
    a, b = _raw(ra), _raw(rb)
    if a != "pass" and b == "pass":
        return "fix"
    if a == "pass" and b not in ("pass", "skip"):
        return "regression"
    return "change"


def step_model(doc, a, b, index):
    """The rows of compare.compare(A, B) grouped by case and change: one entry per
    case and kind of change (fix, regression, change), listing its profiles and rows."""
    cmp = compare.compare(doc, doc, a, b, a, b)
    per = defaultdict(list)
    for r in cmp.rows:
        per[(r.case, r.profile)].append(r)
    groups = {}
    for (case, profile), rows in sorted(per.items()):
        ra, rb = index.get((case, a, profile)), index.get((case, b, profile))
        kind = classify(ra, rb)
        what = tuple((r.kind, r.a, r.b) for r in rows)
        key = (case, kind, what)
        g = groups.setdefault(key, {"case": case, "kind": kind, "profiles": [], "cells": [],
                                    "rows": [{"kind": k, "a": x, "b": y} for k, x, y in what],
                                    "title": (rb or ra or {}).get("title", ""),
                                    "slug": (rb or ra or {}).get("slug", "")})
        g["profiles"].append(profile)
        g["cells"].append({"profile": profile, "a": _cell_link(case, a, profile),
                           "b": _cell_link(case, b, profile)})
    entries = sorted(groups.values(), key=lambda g: (("regression", "fix", "change").index(g["kind"]),
                                                     g["case"]))
    counts = {k: len({g["case"] for g in entries if g["kind"] == k}) for k in ("fix", "regression", "change")}
    return {"a": a, "b": b, "entries": entries, "counts": counts, "rows": len(cmp.rows)}


def _cell_link(case, target, profile):
    return f"index.html#cell={quote(case)},{quote(target)},{quote(profile)}"


def _verdict_text(recs):
    """A case's raw verdicts on one target over its profiles: 'pass' or 'crash (v4only) · pass ×5'."""
    if not recs:
        return "—"
    by = defaultdict(list)
    for r in recs:
        by[_raw(r)].append(r["profile"])
    if len(by) == 1:
        return next(iter(by))
    order = VERDICT_ORDER                # the model's one verdict order, worst last
    parts = []
    for v in sorted(by, key=lambda v: (v == "skip", v == "pass", -order.index(v) if v in order else 0)):
        ps = by[v]
        parts.append(f"{v} ({', '.join(ps)})" if v not in ("pass", "skip") else f"{v} ×{len(ps)}")
    return " · ".join(parts)


def model(doc, known=None):
    """Everything releases.html shows, as plain data (also written as releases.json)."""
    doc = reports._safe(doc)
    names = list(doc.get("targets", {}))
    index = {(r["case"], r["target"], r["profile"]): r for r in doc["results"]}
    impls = []
    for n in names:
        info = doc["targets"][n]
        b = info.get("build")
        t = (known or {}).get(n)
        impls.append({"name": n, "version": info.get("version", "?"),
                      "build": f"{b['release']} {b['variant']}" if b else "as installed",
                      "strict": bool(info.get("strict_compat")),
                      "compat_of": t.compat_of if t is not None and t.compat_of else ""})
    step_list = []
    changed_cases = {}
    for kind, label, a, b in steps(doc):
        sm = step_model(doc, a, b, index)
        sm.update(kind=kind, label=label, id=f"step-{len(step_list) + 1}")
        step_list.append(sm)
        for e in sm["entries"]:
            verdicts = e["kind"] != "change" or any(r["kind"] in ("verdict", "raw verdict", "only in A",
                                                                  "only in B") for r in e["rows"])
            if verdicts:        # the history is of verdicts; observed facts are in the steps
                changed_cases.setdefault(e["case"], []).append(
                    {"step": sm["id"], "label": label, "kind": e["kind"], "profiles": e["profiles"]})
    by_case = defaultdict(lambda: defaultdict(list))
    meta = {}
    for r in doc["results"]:
        by_case[r["case"]][r["target"]].append(r)
        meta.setdefault(r["case"], {"slug": r.get("slug", ""), "title": r.get("title", ""),
                                    "clauses": r.get("clauses", [])})
    history = []
    for case in sorted(changed_cases):
        cells = []
        for n in names:
            recs = by_case[case].get(n, [])
            cells.append({"text": _verdict_text(recs),
                          "cls": reports._verdict_summary([_raw(r) for r in recs])[0],
                          "link": f"index.html#case={quote(case)}&target={quote(n)}"})
        history.append({"case": case, **meta.get(case, {}), "cells": cells,
                        "changes": changed_cases[case]})
    clauses = clause_table(doc, names)
    return {"implementations": impls, "steps": step_list, "history": history, "clauses": clauses,
            "gate": judge(doc, known), "complete": doc.get("complete", True)}


def clause_table(doc, names):
    """Clause x implementation: each testable clause's state on each target (as clauses.html)."""
    from . import spec
    sp = spec.load()
    verdicts = defaultdict(lambda: defaultdict(list))
    for r in doc["results"]:
        for cl in r.get("clauses", []):
            verdicts[cl][r["target"]].append(r["verdict"])
    rows = []
    for c in sp.testable_clauses():
        states = [clause_state(verdicts[c.id].get(n, [])) for n in names]
        rows.append({"id": c.id, "strength": c.data.get("strength", ""),
                     "states": [{"cls": s[0], "text": s[1]} for s in states],
                     "differs": len({s[0] for s in states}) > 1})
    return rows


def compat_problems(doc, known):
    """One line per record of a target whose table names `compat_of` (refsock in Tcl 9.0)
    with a difference from tclsh 8.6.13 at a check (case line) where its interpreter's own
    target (compat_of: the same Tcl without refsock) does not differ in the same item: the
    differences that are refsock's, not its interpreter's. A run without that target
    cannot excuse anything."""
    index = {(r["case"], r["target"], r["profile"]): r for r in doc["results"]}
    out = []
    for name in doc.get("targets", {}):
        t = known.get(name)
        if t is None or not t.compat_of:
            continue
        host_name = t.compat_of
        for r in doc["results"]:
            if r["target"] != name or r.get("compat") != "differs":
                continue
            host = index.get((r["case"], host_name, r["profile"])) or {}
            # a check where the interpreter's own socket differs too is the interpreter's: its
            # text comes from that Tcl's library (errno texts, error codes, channel options)
            lines = {d.get("line", "") for d in host.get("compat_differences", [])}
            own = [d for d in r.get("compat_differences", []) if d.get("line", "") not in lines]
            if own:
                d = own[0]
                out.append(f"{r['case']} [{name}-{r['profile']}] compat differs where {host_name} "
                           + ("does not" if host else "has no result")
                           + f" (line {d.get('line', '?')}: {d.get('actual', '')!r} where tclsh 8.6.13 "
                           f"gives {d.get('expected', '')!r})")
    return out


def judge(doc, known=None):
    """{"unexpected": n, "ok": bool, "lines": [...]}: the gate of the releases run
    (gate.judge: complete, and every record as expected under each target's
    strictness), and for a target with compat_of, no compatibility difference of its own."""
    j = gate.judge(doc)
    lines = list(j.problems)
    lines += [f"{r['case']} [{r['target']}-{r['profile']}] "
              f"{unexpected_reason(r, gate.strict_for(doc, r['target']))}: {r.get('message', '')}"
              for r in sorted(j.unexpected, key=lambda r: (r["case"], r["target"], r["profile"]))]
    own = compat_problems(doc, known if known is not None else targets.load_all())
    return {"unexpected": len(j.unexpected) + len(own), "ok": j.green and not own, "lines": lines + own}


def mark_strict(doc, known):
    """Record, per target, that it is held to tclsh 8.6.13's choices (strict_compat = true in
    its table): the pages and the gate then count its compatibility differences."""
    for name, info in doc.get("targets", {}).items():
        t = known.get(name)
        if t is not None and t.strict_compat:
            info["strict_compat"] = True
    return doc


def render(doc, out, known=None):
    """releases.json and releases.html into OUT (the usual pages are reports.write_all's)."""
    m = model(doc, known)
    out = Path(out)
    results.write_atomic(out / "releases.json", json.dumps(m, indent=1, ensure_ascii=False) + "\n")
    meta = reports.Model(doc, None, out).meta()
    html = reports.environment().get_template("releases.html").render(
        page="releases", meta=meta, nav={"releases": True}, problems=[], rel=m,
        **reports._scripts("releases"))
    results.write_atomic(out / "releases.html", html)
    return m


def write_all(doc, out, known):
    mark_strict(doc, known)
    results.write_atomic(Path(out) / "results.json", json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
    m = render(doc, out, known)
    reports.write_all(doc, out)
    return m


def _print_gate(m, out):
    for s in m["steps"]:
        c = s["counts"]
        print(f"{s['label']}: {c['fix']} fixes, {c['regression']} regressions, {c['change']} changed "
              f"({s['rows']} differences)")
    for line in m["gate"]["lines"][:20]:
        print(f"unexpected: {line}")
    if len(m["gate"]["lines"]) > 20:
        print(f"... and {len(m['gate']['lines']) - 20} more ({out}/summary.md)")
    print(f"{out}/releases.html: {len(m['implementations'])} implementations, {len(m['steps'])} steps; "
          + ("every result as expected" if m["gate"]["ok"] else f"{m['gate']['unexpected']} unexpected"))


def cmd_run(args):
    known = targets.load_all()
    chosen = [t.name for t in release_targets(known)] if not args.target else args.target
    for name in chosen:
        if name not in known:
            raise ConfigError(f"unknown target '{name}'")
        known[name].resolved_command()      # a missing build: one line naming its command
    out = Path(args.out)
    argv = [str(paths.ROOT / "sockconf"), "run", "--out", str(out), "--jobs", str(args.jobs)]
    for n in chosen:
        argv += ["--target", n]
    for p in args.profile or ["all"]:
        argv += ["--profile", p]
    if args.keyword:
        argv += ["-k", args.keyword]
    proc = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    if proc.returncode == 2 or proc.returncode < 0 or not (out / "results.json").is_file():
        return proc.returncode if proc.returncode > 0 else 2
    doc = results.load(out / "results.json")
    m = write_all(doc, out, known)
    _print_gate(m, out)
    if proc.returncode in (130, 143):
        return proc.returncode
    return 0 if m["gate"]["ok"] else 1


def cmd_report(args):
    known = targets.load_all()
    res = Path(args.results)
    out = Path(args.out) if args.out else res.parent
    doc = results.load(res)
    m = write_all(doc, out, known) if out.resolve() == res.parent.resolve() else None
    if m is None:
        mark_strict(doc, known)
        m = render(doc, out, known)
        reports.write_all(doc, out)
    _print_gate(m, out)
    return 0 if m["gate"]["ok"] else 1


def check_selection(known, cases_dir=paths.CASES):
    """The case ids make check runs on each Tcl build: those the release targets'
    expectations name (their verdicts differ between releases), those of the findings
    whose implementations behave in more than one way, and the first case of each area."""
    from . import casefile, findings
    ids = set()
    for t in release_targets(known):
        ids |= set(targets.load_expectations_of(t))
    fdoc = findings.load()
    for f in fdoc["findings"]:
        if len(findings.columns(f, fdoc["targets"])) > 1:
            ids |= set(f["cases"])
    first = {}
    for p in casefile.discover(cases_dir):
        area, cid = p.parent.name, p.name[:4]
        if area not in first or cid < first[area]:
            first[area] = cid
    return sorted(ids | set(first.values()))


def _same_as(t, other):
    """True when T and OTHER start the same interpreter with the same setup and environment."""
    try:
        return (Path(t.resolved_command()[0]).resolve() == Path(other.resolved_command()[0]).resolve()
                and t.setup == other.setup and t.env == other.env)
    except ConfigError:
        return False


def cmd_check(args):
    """make check's part: the selection on every Tcl build; the whole suite on refsock in
    each, strict (strict_compat) or against its interpreter's own differences (compat_of,
    run beside that interpreter's target). A refsock target that is the very interpreter
    and build make check already runs whole (ref9 for ref-9.0.4) is left out, and so are
    builds that are not made (named in one line)."""
    known = targets.load_all()
    chosen = [t for t in release_targets(known) if t.build is not None]
    ready, missing = [], []
    for t in chosen:
        try:
            t.resolved_command()
            ready.append(t)
        except ConfigError:
            missing.append(t.name)
    if missing:
        print(f"make check: not built, not run: {', '.join(missing)} (make tcl-builds TCL_SOURCES=DIR)")
    whole = [known[n] for n in CHECKED_WHOLE if n in known]
    refs = [t for t in ready if (t.strict_compat or t.compat_of)
            and not any(_same_as(t, w) for w in whole)]
    hosts = [known[t.compat_of] for t in refs if t.compat_of and known.get(t.compat_of) in ready]
    plain = [t for t in ready if t not in refs and t not in hosts and not t.strict_compat and not t.compat_of]
    out = Path(args.out)
    selection = check_selection(known)
    runs = [(plain, ["-k", " or ".join(selection)], out),
            ([t for t in refs if t.strict_compat], ["--strict-compat"], Path(f"{out}-ref")),
            ([t for t in refs if t.compat_of] + hosts, [], Path(f"{out}-ref9"))]
    status = 0
    for chosen_targets, extra, folder in runs:
        if not chosen_targets:
            continue
        argv = [str(paths.ROOT / "sockconf"), "run", "--profile", "all", "--jobs", str(args.jobs),
                "--out", str(folder), *extra]
        for t in chosen_targets:
            argv += ["--target", t.name]
        print("make check: " + " ".join(argv[1:]), flush=True)
        rc = subprocess.run(argv, stdin=subprocess.DEVNULL).returncode
        if rc in (2, 130, 143):
            return rc
        status = status or rc
        if any(t.compat_of for t in chosen_targets) and (folder / "results.json").is_file():
            problems = compat_problems(results.load(folder / "results.json"), known)
            for line in problems:
                print(f"make check: {line}")
            status = status or (1 if problems else 0)
    return status


def main(argv=None):
    ap = argparse.ArgumentParser(prog="sockconf releases")
    sub = ap.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run", help="run the release targets and write the releases page")
    r.add_argument("--out", default=str(OUT))
    r.add_argument("--jobs", type=int, default=2)
    r.add_argument("--profile", action="append", default=[])
    r.add_argument("-k", dest="keyword")
    r.add_argument("--target", action="append", default=[],
                   help="instead of every release target (the steps are those among them)")
    p = sub.add_parser("report", help="the releases page and the gate again from a results.json")
    p.add_argument("--results", default=str(OUT / "results.json"))
    p.add_argument("--out")
    c = sub.add_parser("check", help="make check's part: a selection on each Tcl build, refsock in each")
    c.add_argument("--out", default=str(paths.REPORTS / "check-releases"))
    c.add_argument("--jobs", type=int, default=2)
    s = sub.add_parser("selection", help="print the case ids make check runs on each Tcl build")
    cp = sub.add_parser("compat", help="exit 1 when a compat_of target differs where its interpreter does not")
    cp.add_argument("--results", required=True)
    args = ap.parse_args(argv)
    try:
        if args.command == "selection":
            print(" ".join(check_selection(targets.load_all())))
            return 0
        if args.command == "compat":
            doc = results.load(args.results)
            problems = compat_problems(doc, targets.load_all())
            for line in problems:
                print(f"compat: {line}")
            judged = [n for n, t in targets.load_all().items() if t.compat_of and n in doc["targets"]]
            print(f"{args.results}: {', '.join(judged) or 'no target with compat_of'}: "
                  f"{len(problems)} differences from tclsh 8.6.13 that are not their interpreter's")
            return 1 if problems else 0
        return {"run": cmd_run, "report": cmd_report, "check": cmd_check}[args.command](args)
    except (ConfigError, ValueError) as exc:     # ValueError: findings.FindingsError
        print(f"sockconf.releases: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    from sockconf import releases       # one module, however it was started
    sys.exit(releases.main())
