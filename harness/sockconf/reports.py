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
    return [r for r in doc["results"] if r["verdict"] not in EXPECTED_VERDICTS]


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


def index_html(doc):
    cols = columns(doc)
    by_case = defaultdict(dict)
    titles = {}
    for r in doc["results"]:
        by_case[(r["case"], r["slug"])][(r["target"], r["profile"])] = r
        titles[r["case"]] = r.get("title", "")
    e = html.escape
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           "<title>sockconf results</title>", "<style>",
           "body{font-family:sans-serif;margin:1em}table{border-collapse:collapse;font-size:13px}",
           "th,td{border:1px solid #ccc;padding:2px 6px}th{background:#eee;position:sticky;top:0}",
           "td.v{text-align:center}.pass{background:#c8f0c8}.xfail{background:#e0f0c0}",
           ".skip{background:#eee;color:#666}.fail,.error,.xpass{background:#f6b0b0}",
           ".timeout{background:#f6d8a0}.crash{background:#d090f0}",
           "</style></head><body>", "<h1>sockconf results</h1>",
           f"<p>Started {e(str(doc.get('started')))}, finished {e(str(doc.get('finished')))}. "
           f"Host {e(doc['host'].get('system', ''))} {e(doc['host'].get('release', ''))}.</p>"]
    if not doc.get("complete", True):
        out.append(f"<p><strong>Incomplete run: {e(str(doc.get('status', 'interrupted')))}</strong></p>")
    out.append("<table><thead><tr><th>case</th><th>title</th>")
    out += [f"<th>{e(t)}<br>{e(p)}</th>" for t, p in cols]
    out.append("</tr></thead><tbody>")
    for (case, slug), row in sorted(by_case.items()):
        out.append(f"<tr><td>{e(case)}-{e(slug)}</td><td>{e(titles.get(case, ''))}</td>")
        for c in cols:
            r = row.get(c)
            if r is None:
                out.append("<td></td>")
            else:
                out.append(f'<td class="v {e(r["verdict"])}" title="{e(r["message"])}">{e(r["verdict"])}</td>')
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
