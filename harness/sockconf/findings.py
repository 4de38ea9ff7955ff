"""Findings: the divergences between the manual and the implementations (Tcl releases,
notifier variants, layered sockets, refsock).

spec/findings.yaml is the data: which implementations it compares (``targets``,
a label each; ``recorded_by_all``, those every finding records) and, per
finding, the case(s) that show it, the profile, and the values a real run
recorded for each target (verdict, observations, compatibility outcome). The
README's table has a column per behaviour: targets whose values are the same
share one. A title or summary that holds placeholder or future-tense text
("Placeholder", "TODO", "will be", "is being brought") is refused (exit 2).
This module renders the README's Findings section from it and checks those
values against a results.json, so the headline cannot drift from what the
suite shows.

    ./sockconf findings                  rewrite the README block
    ./sockconf findings --check          exit 1 if the README block is stale
    ./sockconf findings --results FILE   exit 1 if a finding's values are not in FILE
"""

import argparse
import re
import sys
from pathlib import Path

import yaml

from . import casefile, paths

FINDINGS = paths.SPEC / "findings.yaml"
README = paths.ROOT / "README.md"
BEGIN = "<!-- findings:begin -->"
END = "<!-- findings:end -->"

# Keys of one target's recorded values: what the result record must still show.
VALUE_KEYS = ("verdict", "raw_verdict", "compat", "observations", "compat_differences",
              "case", "profile")


class FindingsError(ValueError):
    """spec/findings.yaml is malformed: the message names the finding."""


# A finding states what the runs show. Text that promises or stands in for it is refused
# (quoted passages, e.g. the manual's own words, are not looked at).
UNFINISHED = (
    (r"\bplace-?holders?\b", "placeholder text"),
    (r"\b(?:TODO|TBD|FIXME|XXX|WIP)\b", "a to-do mark"),
    (r"\bwill\b|\bshall\b|\bgoing to\b", "the future tense"),
    (r"\b(?:is|are) being\b", "a change still under way ('is being ...')"),
    (r"\bwork in progress\b|\b(?:not yet|still to be|to be) (?:known|run|written|measured|done|"
     r"decided|added|fixed|checked)\b", "unfinished work"),
)
QUOTED = re.compile(r'"[^"]*"|“[^”]*”|`[^`]*`')


def unfinished(text):
    """The first kind of unfinished text in TEXT (outside quotes), or None."""
    bare = QUOTED.sub(" ", str(text))
    for pattern, what in UNFINISHED:
        m = re.search(pattern, bare, re.IGNORECASE if what != "a to-do mark" else 0)
        if m:
            return f"{what}: '{m.group(0)}'"
    return None


def load(path=FINDINGS):
    """The findings document: {"targets": {name: label}, "findings": [...]}, checked."""
    doc = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if not isinstance(doc, dict) or not isinstance(doc.get("findings"), list):
        raise FindingsError(f"{path}: expected a mapping with 'targets' and a 'findings' list")
    targets = doc.get("targets")
    if not isinstance(targets, dict) or not targets:
        raise FindingsError(f"{path}: 'targets' must map target names to labels")
    every = doc.get("recorded_by_all", [])
    if not isinstance(every, list) or any(t not in targets for t in every):
        raise FindingsError(f"{path}: 'recorded_by_all' must list targets of 'targets'")
    seen = set()
    for f in doc["findings"]:
        fid = f.get("id") if isinstance(f, dict) else None
        if not fid or fid in seen:
            raise FindingsError(f"{path}: every finding needs a unique id (got {fid!r})")
        seen.add(fid)
        for key in ("title", "cases", "profile", "summary", "observed"):
            if not f.get(key):
                raise FindingsError(f"{path}: finding {fid}: '{key}' is missing")
        if not all(isinstance(c, str) and re.fullmatch(r"\d{4}", c) for c in f["cases"]):
            raise FindingsError(f"{path}: finding {fid}: cases are four-digit strings")
        for key in ("title", "summary"):
            bad = unfinished(f[key])
            if bad:
                raise FindingsError(f"{path}: finding {fid}: its {key} holds {bad}; a finding says "
                                    "what the runs show")
        missing = [t for t in every if t not in f["observed"]]
        if missing:
            raise FindingsError(f"{path}: finding {fid}: no values recorded for {missing[0]} "
                                "(every finding records those of recorded_by_all)")
        for target, values in f["observed"].items():
            if target not in targets:
                raise FindingsError(f"{path}: finding {fid}: unknown target {target!r}")
            extra = set(values) - set(VALUE_KEYS)
            if extra:
                raise FindingsError(f"{path}: finding {fid}: {target}: unknown keys "
                                    f"{', '.join(sorted(extra))}")
    return doc


def case_paths(cases_dir=paths.CASES):
    """Case id -> path relative to the project root, for every case file."""
    return {p.name[:4]: p.relative_to(paths.ROOT).as_posix() if p.is_relative_to(paths.ROOT)
            else p.as_posix() for p in casefile.discover(cases_dir)}


def _cell(value):
    """A table cell: the value as code, with what breaks a Markdown table escaped."""
    text = str(value).replace("\n", " ")
    if text == "":
        return "*(empty)*"
    text = text.replace("|", "\\|")
    fence = "``" if "`" in text else "`"
    pad = " " if fence == "``" else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _verdict(values):
    if "verdict" not in values:
        return "—"
    v = values["verdict"]
    raw = values.get("raw_verdict")
    return f"{v} ({raw})" if raw and raw != v else v


def _compat(values):
    parts = []
    if "compat" in values:
        parts.append(values["compat"])
    for d in values.get("compat_differences", []):
        parts.append(f"{_cell(d.get('actual', ''))} where tclsh 8.6.13 gives "
                     f"{_cell(d.get('expected', ''))}")
    return "; ".join(parts) if parts else "—"


def columns(finding, targets):
    """The table's columns: [(labels, values)], one per behaviour. Implementations whose
    recorded values are the same share a column (its header lists them all), in the order
    of `targets`; those the finding records nothing for are left out."""
    cols = []
    for t in targets:
        values = finding["observed"].get(t)
        if values is None:
            continue
        for labels, seen in cols:
            if seen == values:
                labels.append(targets[t])
                break
        else:
            cols.append(([targets[t]], values))
    return cols


def _value_table(finding, targets):
    """The table of one finding: a column per behaviour (verdict, each observation,
    compatibility)."""
    cols = columns(finding, targets)
    rows = [["verdict"] + [_verdict(v) for _, v in cols]]
    keys = []
    for _, v in cols:
        for k in v.get("observations", {}):
            if k not in keys:
                keys.append(k)
    for k in keys:
        row = [_cell(k)]
        for _, v in cols:
            obs = v.get("observations", {})
            row.append(_cell(obs[k]) if k in obs else "—")
        rows.append(row)
    if any("compat" in v or "compat_differences" in v for _, v in cols):
        rows.append(["compatibility"] + [_compat(v) for _, v in cols])
    if any(v.get("case") or v.get("profile") for _, v in cols):
        rows.append(["from"] + [f"{v.get('case', finding['cases'][0])}/"
                                f"{v.get('profile', finding['profile'])}" for _, v in cols])
    head = ["", *(", ".join(labels) for labels, _ in cols)]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return lines


def render(doc=None, cases=None):
    """The README's Findings block (the text between the markers, markers excluded)."""
    doc = doc if doc is not None else load()
    cases = cases if cases is not None else case_paths()
    targets = doc["targets"]
    labels = list(targets.values())
    names = ", ".join(labels[:-1]) + " and " + labels[-1] if len(labels) > 1 else labels[0]
    every = [targets[t] for t in doc.get("recorded_by_all", [])]
    out = ["",
           "Where the manual and the implementations part ways, as the suite shows it: " + names
           + ". Each finding names the cases and the profile; the table holds the values a real "
           "run recorded for each implementation (verdict, `observe`d facts, and the "
           "compatibility outcome against tclsh 8.6.13), one column per behaviour: "
           "implementations that behave alike share a column"
           + (f", every finding records {', '.join(every)}, and the others appear where "
              "the finding names them" if every else "")
           + ". Generated from `spec/findings.yaml` by `./sockconf findings`; "
           "`--results FILE` checks every value against a run's "
           "results.json (`make releases` writes one with every implementation: "
           "reports/releases/results.json).",
           ""]
    for n, f in enumerate(doc["findings"], start=1):
        links = ", ".join(f"[{c}]({cases[c]})" if c in cases else c for c in f["cases"])
        out.append(f"### {n}. {f['title']}")
        out.append("")
        out.append(f"Cases {links} · profile `{f['profile']}` · id `{f['id']}`")
        out.append("")
        out.append(" ".join(str(f["summary"]).split()))
        out.append("")
        out += _value_table(f, targets)
        out.append("")
    return "\n".join(out)


def readme_block(text):
    """(before, block, after) of README text split at the markers."""
    try:
        start = text.index(BEGIN) + len(BEGIN)
        stop = text.index(END, start)
    except ValueError:
        raise FindingsError(f"README.md has no {BEGIN} ... {END} block") from None
    return text[:start], text[start:stop], text[stop:]


def write_readme(readme=README, block=None):
    """Rewrite the README's block; True when the file changed."""
    text = Path(readme).read_text(encoding="utf-8")
    before, old, after = readme_block(text)
    new = block if block is not None else render()
    new = new if new.endswith("\n") else new + "\n"
    if old == new:
        return False
    Path(readme).write_text(before + new + after, encoding="utf-8")
    return True


def _index(results):
    return {(r["case"], r["target"], r["profile"]): r for r in results["results"]}


def check(doc, results):
    """Mismatches between the recorded values and a results document, as strings."""
    from .compare import normalize
    index = _index(results)
    problems = []
    for f in doc["findings"]:
        for target, want in f["observed"].items():
            case = want.get("case", f["cases"][0])
            profile = want.get("profile", f["profile"])
            where = f"{f['id']}: {case}/{target}/{profile}"
            rec = index.get((case, target, profile))
            if rec is None:
                problems.append(f"{where}: no result in the file")
                continue
            if "verdict" in want and rec["verdict"] != want["verdict"]:
                problems.append(f"{where}: verdict {rec['verdict']}, recorded {want['verdict']}")
            if "raw_verdict" in want:
                raw = rec.get("raw_verdict", rec["verdict"])
                if raw != want["raw_verdict"]:
                    problems.append(f"{where}: raw verdict {raw}, recorded {want['raw_verdict']}")
            if "compat" in want and rec.get("compat") != want["compat"]:
                problems.append(f"{where}: compat {rec.get('compat')}, recorded {want['compat']}")
            obs = rec.get("observations", {})
            for key, value in want.get("observations", {}).items():
                if key not in obs:
                    problems.append(f"{where}: observation {key} missing, recorded {value!r}")
                elif normalize(obs[key]) != normalize(value):
                    problems.append(f"{where}: observation {key} is {normalize(obs[key])!r}, "
                                    f"recorded {normalize(value)!r}")
            have = [(normalize(d.get("expected", "")), normalize(d.get("actual", "")))
                    for d in rec.get("compat_differences", [])]
            for d in want.get("compat_differences", []):
                pair = (normalize(d.get("expected", "")), normalize(d.get("actual", "")))
                if pair not in have:
                    problems.append(f"{where}: no compatibility difference {pair[1]!r} for "
                                    f"{pair[0]!r}")
    return problems


def recorded(finding, target, rec):
    """The values to record for TARGET in FINDING from its result record REC: the
    verdict (and raw verdict), and the kinds of values the finding already records
    for others (compat, the observations by key, compatibility differences)."""
    out = {"verdict": rec["verdict"]}
    if rec.get("raw_verdict", rec["verdict"]) != rec["verdict"]:
        out["raw_verdict"] = rec["raw_verdict"]
    others = list(finding["observed"].values())
    if any("compat" in v for v in others):
        out["compat"] = rec.get("compat", "unchecked")
    keys = list(dict.fromkeys(k for v in others for k in v.get("observations", {})))
    obs = {k: rec.get("observations", {})[k] for k in keys if k in rec.get("observations", {})}
    if obs:
        out["observations"] = obs
    if any("compat_differences" in v for v in others) and rec.get("compat_differences"):
        out["compat_differences"] = [{"expected": d.get("expected", ""), "actual": d.get("actual", "")}
                                     for d in rec["compat_differences"]]
    return out


def record_missing(results, path=FINDINGS):
    """Add to spec/findings.yaml, from RESULTS, the values of every target of `targets`
    that a finding does not record yet (existing values and the file's text are kept:
    each new block goes after the finding's last). Returns the lines added per finding."""
    import yaml as _yaml
    doc = load(path)
    index = _index(results)
    text = Path(path).read_text(encoding="utf-8")
    added = []
    for f in doc["findings"]:
        blocks = []
        for target in doc["targets"]:
            if target in f["observed"]:
                continue
            rec = index.get((f["cases"][0], target, f["profile"]))
            if rec is None:
                continue
            values = recorded(f, target, rec)
            dumped = _yaml.safe_dump({target: values}, default_flow_style=False, allow_unicode=True,
                                     sort_keys=False, width=10000)
            blocks.append("".join("      " + line + "\n" for line in dumped.splitlines()))
            added.append(f"{f['id']}: {target}")
        if not blocks:
            continue
        start = text.index(f"  - id: {f['id']}\n")
        nxt = text.find("\n  - id: ", start + 1)
        end = len(text.rstrip("\n")) if nxt < 0 else len(text[:nxt].rstrip("\n"))
        text = text[:end] + "\n" + "".join(blocks).rstrip("\n") + text[end:]
    Path(path).write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    load(path)
    return added


def main(argv=None):
    ap = argparse.ArgumentParser(prog="sockconf findings",
                                 description="Render or check the README's Findings section.")
    ap.add_argument("--results", metavar="FILE",
                    help="check every finding's recorded values against this results.json")
    ap.add_argument("--check", action="store_true",
                    help="only report whether the README block is up to date (exit 1 if not)")
    ap.add_argument("--record", metavar="FILE",
                    help="add to spec/findings.yaml the values FILE shows for every target a "
                         "finding does not record yet")
    args = ap.parse_args(argv)
    try:
        if args.record:
            import json
            added = record_missing(json.loads(Path(args.record).read_text(encoding="utf-8")))
            print(f"spec/findings.yaml: {len(added)} target values added from {args.record}")
            return 0
        doc = load()
        if args.results:
            import json
            results = json.loads(Path(args.results).read_text(encoding="utf-8"))
            problems = check(doc, results)
            for p in problems:
                print(p)
            print(f"{len(doc['findings'])} findings, {len(problems)} mismatches against "
                  f"{args.results}")
            return 1 if problems else 0
        block = render(doc)
        if args.check:
            _, old, _ = readme_block(README.read_text(encoding="utf-8"))
            if old != (block if block.endswith("\n") else block + "\n"):
                print("README.md: the Findings block differs from spec/findings.yaml; run "
                      "sockconf findings")
                return 1
            return 0
        changed = write_readme(block=block)
        print(f"README.md: Findings block {'rewritten' if changed else 'already up to date'} "
              f"({len(doc['findings'])} findings)")
        return 0
    except (FindingsError, OSError, yaml.YAMLError) as exc:
        print(f"sockconf.findings: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
