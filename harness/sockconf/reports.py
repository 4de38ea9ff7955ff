"""Reports made from result files: summary.md, index.html, diffs, merges."""

import html
from collections import Counter, defaultdict

from . import textsafe
from .runner import EXPECTED_VERDICTS

ORDER = ("pass", "xfail", "skip", "fail", "error", "timeout", "crash", "xpass")


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


def unexpected(doc):
    """Records that fail the gate: an unexpected verdict, or, in a run made with
    --strict-compat, a compatibility difference from tclsh 8.6.13."""
    strict = doc.get("strict_compat", False)
    return [r for r in doc["results"] if r["verdict"] not in EXPECTED_VERDICTS
            or r.get("flaky") or (strict and r.get("compat") == "differs")]


def write_all(doc, out):
    """Every report of DOC into the folder OUT (atomically, each file)."""
    from .results import write_atomic
    write_atomic(out / "summary.md", summary_md(doc))
    write_atomic(out / "index.html", index_html(doc))


def conformance(doc, sp=None):
    """Per target: how many testable clauses conform. A clause is exercised on a
    target when one of its cases gave a verdict other than skip there, and
    conforms when every such verdict is pass (an expected failure, xfail, is a
    known non-conformance). {target: {"exercised", "conforming", "testable",
    "percent", "failing": [clause ids]}}"""
    if sp is None:
        from . import spec
        sp = spec.load()
    testable = [c.id for c in sp.testable_clauses()]
    verdicts = defaultdict(lambda: defaultdict(list))
    for r in doc["results"]:
        for cl in r.get("clauses", []):
            if r["verdict"] != "skip":
                verdicts[r["target"]][cl].append(r["verdict"])
    out = {}
    for t in doc.get("targets", {}):
        exercised = [c for c in testable if verdicts[t].get(c)]
        failing = [c for c in exercised if any(v != "pass" for v in verdicts[t][c])]
        n = len(exercised)
        out[t] = {"testable": len(testable), "exercised": n, "conforming": n - len(failing),
                  "percent": round(100.0 * (n - len(failing)) / n, 1) if n else None,
                  "failing": failing}
    return out


def compat_differences(doc):
    """Per target: [(record, difference)] of every compatibility difference."""
    out = defaultdict(list)
    for r in doc["results"]:
        for d in r.get("compat_differences", []):
            out[r["target"]].append((r, d))
    return out


def summary_md(doc):
    """summary.md: counts, conformance per target, unexpected results, flaky
    items, regressions against a baseline, compatibility differences, skip
    reasons. Every text that comes from a case or an implementation is escaped
    (textsafe.markdown), so it can neither inject markup nor control the terminal."""
    md = textsafe.markdown
    cols = columns(doc)
    counts = {c: Counter() for c in cols}
    for r in doc["results"]:
        counts[(r["target"], r["profile"])][r["verdict"]] += 1
    used = [v for v in ORDER if any(counts[c][v] for c in cols)]
    lines = ["# sockconf results", ""]
    targets = ", ".join(f"{md(n)} ({md(i.get('version', '?'))})" for n, i in doc.get("targets", {}).items())
    complete = doc.get("complete", True)
    lines.append(f"Started {md(doc.get('started'))}, finished {md(doc.get('finished') or 'not finished')}"
                 f"{'' if complete else ' (INCOMPLETE: ' + md(doc.get('status', 'interrupted')) + ')'}.")
    lines.append(f"Targets: {targets}. Host: {md(doc['host'].get('system'))} {md(doc['host'].get('release'))}."
                 + (" Compatibility is gated (--strict-compat)." if doc.get("strict_compat") else ""))
    if doc.get("shard"):
        lines.append(f"Shard {md(doc['shard'])} of the items.")
    lines.append("")
    if cols:
        lines.append("| target | profile | " + " | ".join(used) + " |")
        lines.append("|---|---|" + "---|" * len(used))
        for c in cols:
            lines.append(f"| {md(c[0])} | {md(c[1])} | " + " | ".join(str(counts[c][v]) for v in used) + " |")
        lines.append("")
    conf = conformance(doc)
    if conf and doc["results"]:
        lines += ["## Conformance", "", "| target | testable clauses that conform | compatibility differences |",
                  "|---|---|---|"]
        diffs = compat_differences(doc)
        for t, c in conf.items():
            pct = "n/a" if c["percent"] is None else f"{c['percent']}%"
            lines.append(f"| {md(t)} | {c['conforming']} of {c['exercised']} exercised ({pct}); "
                         f"{c['testable'] - c['exercised']} not exercised | {len(diffs.get(t, []))} |")
        lines.append("")
    bad = unexpected(doc)
    missing = (doc.get("selected") or 0) - len(doc["results"])
    if bad:
        lines.append(f"## Unexpected results ({len(bad)})")
        lines.append("")
        for r in sorted(bad, key=lambda r: (r["case"], r["target"], r["profile"])):
            where = f"{r.get('path', r['case'])}:{r['line']}" if r.get("line") else r.get("path", r["case"])
            what = r["verdict"] + (", flaky" if r.get("flaky") else "") + \
                (", compat differs" if r.get("compat") == "differs" and doc.get("strict_compat") else "")
            lines.append(f"- **{md(what)}** {md(r['case'])}-{md(r['slug'])} [{md(r['target'])}-"
                         f"{md(r['profile'])}] {md(where)}: {md(r['message'])}")
        lines.append("")
    if not complete or missing > 0:
        lines.append(f"The run is INCOMPLETE ({md(doc.get('status', 'unknown'))}): "
                     f"{len(doc['results'])} records" + (f" of {doc['selected']} selected items"
                                                         if doc.get("selected") else "") + ".")
    elif not bad:
        lines.append("Every result is as expected.")
    base = doc.get("baseline")
    if base:
        lines += ["", f"## Against the baseline {md(base['file'])}", "",
                  f"{len(base['regressions'])} regressions, {len(base['fixes'])} fixes, "
                  f"{len(base['new'])} new, {len(base['removed'])} removed.", ""]
        for title, rows in (("Regression", base["regressions"]), ("Fix", base["fixes"])):
            for r in rows:
                lines.append(f"- {title}: {md(r['case'])} [{md(r['target_b'])}-{md(r['profile'])}] "
                             f"{md(r['a'] or 'absent')} → {md(r['b'])}")
    diffs = compat_differences(doc)
    if diffs:
        lines += ["", "## Compatibility differences from tclsh 8.6.13", ""]
        for t, items in diffs.items():
            lines.append(f"- {md(t)}: {len(items)} differences in "
                         f"{len({(r['case'], r['profile']) for r, _ in items})} results")
    skips = Counter(r["message"] for r in doc["results"] if r["verdict"] == "skip")
    if skips:
        lines += ["", "## Skip reasons", ""]
        lines += [f"- {n} × {md(reason)}" for reason, n in skips.most_common()]
    return "\n".join(lines) + "\n"


PAGE_STYLE = """
body{font-family:sans-serif;margin:1em;color:#222}
table{border-collapse:collapse;font-size:13px}
th,td{border:1px solid #ccc;padding:2px 6px}
thead th{background:#eee;position:sticky;z-index:1}
thead tr.targets th{top:0}thead tr.profiles th{top:1.5em}
td.case{white-space:nowrap;font-family:monospace}td.title{min-width:18em;max-width:36em}
td.v{text-align:center;white-space:nowrap}th.first,td.first{border-left:3px solid #888}
.pass{background:#c8f0c8}.xfail{background:#e0f0c0}.skip{background:#f2f2f2;color:#777}
.fail,.error,.xpass{background:#f6b0b0}.timeout{background:#f6d8a0}.crash{background:#d090f0}
table.counts td:nth-child(n+3){text-align:right}#controls{margin:1em 0}
"""

PAGE_SCRIPT = """
function applyFilter() {
  var only = document.getElementById('only-interesting').checked;
  var rows = document.querySelectorAll('#matrix tbody tr');
  var shown = 0;
  rows.forEach(function (row) {
    var hide = only && row.dataset.interesting !== '1';
    row.style.display = hide ? 'none' : '';
    if (!hide) shown++;
  });
  document.getElementById('shown').textContent = shown + ' of ' + rows.length + ' cases shown';
}
document.addEventListener('DOMContentLoaded', function () {
  var box = document.getElementById('only-interesting');
  box.checked = location.hash === '#interesting';
  box.addEventListener('change', applyFilter);
  applyFilter();
});
"""


def index_html(doc):
    """The matrix page: counts, unexpected results, then case x (target, profile).

    A row is "interesting" when one of its results is unexpected or the
    verdicts of one profile differ between targets; a checkbox (or the URL
    fragment #interesting) shows only those rows."""
    cols = columns(doc)
    by_case = defaultdict(dict)
    titles = {}
    for r in doc["results"]:
        by_case[(r["case"], r["slug"])][(r["target"], r["profile"])] = r
        titles[r["case"]] = r.get("title", "")
    e = html.escape
    counts = {c: Counter() for c in cols}
    for r in doc["results"]:
        counts[(r["target"], r["profile"])][r["verdict"]] += 1
    used = [v for v in ORDER if any(counts[c][v] for c in cols)]
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           "<title>sockconf results</title>", f"<style>{PAGE_STYLE}</style>",
           f"<script>{PAGE_SCRIPT}</script></head><body>", "<h1>sockconf results</h1>",
           f"<p>Started {e(str(doc.get('started')))}, finished {e(str(doc.get('finished')))}. "
           f"Host {e(doc['host'].get('system', ''))} {e(doc['host'].get('release', ''))}. Targets: "
           + ", ".join(f"{e(n)} ({e(str(i.get('version', '?')))})" for n, i in doc.get("targets", {}).items())
           + ".</p>"]
    if not doc.get("complete", True):
        out.append(f"<p><strong>Incomplete run: {e(str(doc.get('status', 'interrupted')))}</strong></p>")
    out.append('<table class="counts"><thead><tr><th>target</th><th>profile</th>'
               + "".join(f'<th class="{v}">{v}</th>' for v in used) + "</tr></thead><tbody>")
    for c in cols:
        out.append(f"<tr><td>{e(c[0])}</td><td>{e(c[1])}</td>"
                   + "".join(f"<td>{counts[c][v]}</td>" for v in used) + "</tr>")
    out.append("</tbody></table>")
    bad = sorted(unexpected(doc), key=lambda r: (r["case"], r["target"], r["profile"]))
    if bad:
        out.append(f'<h2 id="unexpected">Unexpected results ({len(bad)})</h2><ul>')
        for r in bad:
            out.append(f'<li><span class="{e(r["verdict"])}">{e(r["verdict"])}</span> '
                       f'<a href="#c{e(r["case"])}">{e(r["case"])}-{e(r["slug"])}</a> '
                       f'[{e(r["target"])}-{e(r["profile"])}]: {e(r["message"])}</li>')
        out.append("</ul>")
    else:
        out.append("<p>Every result is as expected.</p>")
    out.append('<div id="controls"><label><input type="checkbox" id="only-interesting"> '
               "only cases with an unexpected result or a difference between targets</label> "
               '<span id="shown"></span></div>')
    targets_in_order = []
    for t, _ in cols:
        if t not in targets_in_order:
            targets_in_order.append(t)
    out.append('<table id="matrix"><thead><tr class="targets"><th rowspan="2">case</th>'
               '<th rowspan="2">title</th>')
    for t in targets_in_order:
        span = sum(1 for c in cols if c[0] == t)
        out.append(f'<th class="first" colspan="{span}">{e(t)}</th>')
    out.append('</tr><tr class="profiles">')
    for i, (t, p) in enumerate(cols):
        first = i == 0 or cols[i - 1][0] != t
        out.append(f'<th{" class=first" if first else ""}>{e(p)}</th>')
    out.append("</tr></thead><tbody>")
    for (case, slug), row in sorted(by_case.items()):
        verdicts = {c: row[c]["verdict"] for c in row}
        per_profile = defaultdict(set)
        for (t, p), v in verdicts.items():
            per_profile[p].add(v)
        interesting = any(v not in EXPECTED_VERDICTS for v in verdicts.values()) or \
            any(len(vs) > 1 for vs in per_profile.values())
        out.append(f'<tr id="c{e(case)}" data-interesting="{1 if interesting else 0}">'
                   f'<td class="case">{e(case)}-{e(slug)}</td><td class="title">{e(titles.get(case, ""))}</td>')
        for i, c in enumerate(cols):
            first = " first" if i == 0 or cols[i - 1][0] != c[0] else ""
            r = row.get(c)
            if r is None:
                out.append(f'<td class="v{first}"></td>')
            else:
                out.append(f'<td class="v {e(r["verdict"])}{first}" title="{e(r["message"])}">'
                           f'{e(r["verdict"])}</td>')
        out.append("</tr>")
    out.append("</tbody></table></body></html>")
    return "\n".join(out) + "\n"
