"""`./sockconf expectations update`: write a target's expectations file from a run.

For every case whose result on the target is unexpected (fail, error, timeout,
crash) in some profile, the file gets an entry with that verdict, the
interpreter version the run recorded (tcl = "..."), and the profiles where it
happened (none listed when it happened in every profile the case ran in).
Entries that already exist keep their reason; a new entry gets the placeholder
reason PLACEHOLDER, which the harness refuses to load (exit 2, naming the file
and line) until somebody writes why the result is expected. Entries of cases
that now pass everywhere they ran (xpass) are removed; entries of cases the
run did not include are kept as they are.
"""

import json
from collections import Counter, defaultdict
from pathlib import Path

from . import results, targets
from .errors import ConfigError

PLACEHOLDER = "TODO: say why this result is expected (sockconf refuses the file until you do)"
UNEXPECTED = ("fail", "error", "timeout", "crash")

HEADER = """# Expected non-pass verdicts of {target}, one table per case id (sockconf
# expectations update writes this file from a run; reasons are kept):
#   ["0301"]
#   verdict = "fail"                 # fail | error | timeout | crash
#   reason = "why this is expected"  # required
#   tcl = "8.6.13"                   # required: the patch level the reason is about (a glob:
#                                    #   "8.6.*", "*"); another version gets no expectation
#   profiles = ["v6only"]            # optional: only in these profiles
"""


def _toml_string(text):
    if "\n" in text or '"' in text:
        body = text.replace("\\", "\\\\").replace('"""', '\\"""')
        return f'"""{body}"""'
    return '"' + text.replace("\\", "\\\\") + '"'


def render(target, entries):
    """The file's text: HEADER, then one table per case id in order."""
    out = [HEADER.format(target=target)]
    for case_id in sorted(entries):
        e = entries[case_id]
        out.append(f'["{case_id}"]')
        out.append(f"verdict = {_toml_string(e.verdict)}")
        out.append(f"tcl = {_toml_string(e.tcl)}")
        out.append(f"reason = {_toml_string(e.reason)}")
        if e.profiles is not None:
            out.append("profiles = [" + ", ".join(_toml_string(p) for p in e.profiles) + "]")
        out.append("")
    return "\n".join(out)


def update(doc, target, path):
    """(new entries dict, report lines) for TARGET's expectations at PATH from DOC."""
    if target not in doc["targets"]:
        raise ConfigError(f"target {target} is not in the results (targets: {', '.join(doc['targets'])})")
    version = doc["targets"][target].get("version") or "*"
    old = targets.load_expectations(path, allow_placeholder=True) if path.is_file() else {}
    by_case = defaultdict(dict)
    for r in doc["results"]:
        if r["target"] == target:
            by_case[r["case"]][r["profile"]] = r.get("raw_verdict", r["verdict"])
    entries, notes = dict(old), []
    for case_id, verdicts in sorted(by_case.items()):
        bad = {p: v for p, v in verdicts.items() if v in UNEXPECTED}
        ran = [p for p, v in verdicts.items() if v != "skip"]
        if not bad:
            if case_id in entries:
                notes.append(f"removed {case_id}: it passes now")
                del entries[case_id]
            continue
        verdict, _ = Counter(bad.values()).most_common(1)[0]
        profiles = sorted(p for p, v in bad.items() if v == verdict)
        others = sorted(p for p, v in bad.items() if v != verdict)
        if others:
            notes.append(f"{case_id}: {verdict} in {', '.join(profiles)}; other verdicts in "
                         f"{', '.join(others)} cannot share the entry and stay unexpected")
        listed = None if sorted(ran) == profiles else profiles
        prev = old.get(case_id)
        reason = prev.reason if prev is not None else PLACEHOLDER
        tcl = prev.tcl if prev is not None and prev.verdict == verdict else version
        entries[case_id] = targets.Expectation(verdict, reason, listed, tcl)
        if prev is None:
            notes.append(f"added {case_id}: {verdict}"
                         + (f" in {', '.join(profiles)}" if listed else "") + " - write its reason")
        elif (prev.verdict, prev.profiles) != (verdict, listed):
            notes.append(f"changed {case_id}: {prev.verdict} -> {verdict}"
                         + (f" in {', '.join(profiles)}" if listed else ""))
    return entries, notes


def cmd_update(args):
    doc = results.load(args.results)
    known = targets.load_all()
    if args.file:
        path = Path(args.file)
    elif args.target in known and known[args.target].expectations_file:
        path = known[args.target].expectations_file
    else:
        raise ConfigError(f"target {args.target} has no expectations file in harness/targets.toml; "
                          "name one with --file FILE")
    entries, notes = update(doc, args.target, path)
    results.write_output(path, render(args.target, entries))
    for n in notes:
        print(n)
    placeholders = sum(1 for e in entries.values() if e.reason == PLACEHOLDER)
    print(f"{path}: {len(entries)} expectations"
          + (f", {placeholders} still need a reason" if placeholders else ""))
    return 0


def as_json(entries):
    return json.dumps({k: v.__dict__ for k, v in entries.items()}, indent=1)
