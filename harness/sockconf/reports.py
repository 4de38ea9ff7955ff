"""Reports made from result files: summary.md, index.html, diffs, merges."""

import html
import re
from collections import Counter, defaultdict

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
            or (strict and r.get("compat") == "differs")]


def summary_md(doc):
    cols = columns(doc)
    counts = {c: Counter() for c in cols}
    for r in doc["results"]:
        counts[(r["target"], r["profile"])][r["verdict"]] += 1
    used = [v for v in ORDER if any(counts[c][v] for c in cols)]
    lines = ["# sockconf results", ""]
    targets = ", ".join(f"{n} ({i.get('version', '?')})" for n, i in doc.get("targets", {}).items())
    lines.append(f"Started {doc.get('started')}, finished {doc.get('finished') or 'not finished'}"
                 f"{'' if doc.get('complete', True) else ' (INCOMPLETE: ' + str(doc.get('status', 'interrupted')) + ')'}.")
    lines.append(f"Targets: {targets}. Host: {doc['host'].get('system')} {doc['host'].get('release')}.")
    lines.append("")
    lines.append("| target | profile | " + " | ".join(used) + " |")
    lines.append("|---|---|" + "---|" * len(used))
    for c in cols:
        lines.append(f"| {c[0]} | {c[1]} | " + " | ".join(str(counts[c][v]) for v in used) + " |")
    bad = unexpected(doc)
    lines.append("")
    if bad:
        lines.append(f"## Unexpected results ({len(bad)})")
        lines.append("")
        for r in sorted(bad, key=lambda r: (r["case"], r["target"], r["profile"])):
            where = f"{r.get('path', r['case'])}:{r['line']}" if r.get("line") else r.get("path", r["case"])
            lines.append(f"- **{r['verdict']}** {r['case']}-{r['slug']} [{r['target']}-{r['profile']}] "
                         f"{where}: {r['message']}")
    else:
        lines.append("Every result is as expected.")
    skips = Counter(r["message"] for r in doc["results"] if r["verdict"] == "skip")
    if skips:
        lines += ["", "## Skip reasons", ""]
        lines += [f"- {n} × {reason}" for reason, n in skips.most_common()]
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


def normalize(value):
    """An observed value with what changes from run to run masked: channel
    names (sock55d0...) become sock<id>, and numbers in the dynamic and
    registered port range (1024-65535) become <port>."""
    value = re.sub(r"\bsock[0-9a-f]+\b", "sock<id>", str(value))
    return re.sub(r"\b\d{4,5}\b",
                  lambda m: "<port>" if 1024 <= int(m.group(0)) <= 65535 else m.group(0), value)


MEASUREMENT_SUFFIXES = (".ms", "-ms", ".count")


def compared(key):
    """Observation keys ending in .ms, -ms or .count are measurements (times,
    numbers of polls): stored, never diffed."""
    return not key.endswith(MEASUREMENT_SUFFIXES)


def _index(doc, target=None):
    out = {}
    for r in doc["results"]:
        if target is None or r["target"] == target:
            out[(r["case"], r["profile"]) if target else (r["case"], r["target"], r["profile"])] = r
    return out


def diff(a_doc, b_doc, a_target=None, b_target=None):
    """Differences between two sets of results: verdicts and observations.

    Returns (rows, regressions): rows are (key, what, a, b); a regression is a
    result expected in A (pass/skip/xfail) that is unexpected in B."""
    a, b = _index(a_doc, a_target), _index(b_doc, b_target)
    rows, regressions = [], 0
    for key in sorted(set(a) | set(b)):
        ra, rb = a.get(key), b.get(key)
        if ra is None or rb is None:
            rows.append((key, "only in " + ("B" if ra is None else "A"),
                         ra["verdict"] if ra else "", rb["verdict"] if rb else ""))
            continue
        if ra["verdict"] != rb["verdict"]:
            rows.append((key, "verdict", ra["verdict"], rb["verdict"]))
            if ra["verdict"] in EXPECTED_VERDICTS and rb["verdict"] not in EXPECTED_VERDICTS:
                regressions += 1
        oa, ob = ra.get("observations", {}), rb.get("observations", {})
        for k in sorted(k for k in set(oa) | set(ob) if compared(k)):
            va = normalize(oa[k]) if k in oa else "<none>"
            vb = normalize(ob[k]) if k in ob else "<none>"
            if va != vb:
                rows.append((key, f"observe {k}", va, vb))
    return rows, regressions


def merge(docs):
    """One result document from several (later files win for the same case/target/profile)."""
    out = {"schema": docs[0]["schema"], "started": min(d["started"] for d in docs),
           "finished": max((d.get("finished") or "") for d in docs) or None,
           "host": docs[0]["host"], "targets": {}, "profiles": [],
           "complete": all(d.get("complete", True) for d in docs), "results": []}
    index = {}
    for d in docs:
        out["targets"].update(d["targets"])
        out["profiles"] += [p for p in d["profiles"] if p not in out["profiles"]]
        for r in d["results"]:
            index[(r["case"], r["target"], r["profile"])] = r
    out["results"] = [index[k] for k in sorted(index)]
    return out
