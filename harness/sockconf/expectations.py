"""`./sockconf expectations update`: write a target's expectations file from a run.

A case may have several entries, each about the interpreter versions its `tcl`
glob matches and, when it does not happen everywhere, the profiles it names;
the first entry that applies decides (targets.first_match). The run is of one
version V (the patch level its results record for the target) and one build
variant (the results' build of the target: default, select, nothreads, or
"installed" for a Tcl found as it is); the update sees only the entries whose
tcl glob matches V and whose variant, when they name one, matches the run's: an
entry about another version or build is kept as it is, whatever the run shows.
A new entry for a target built from source names its variant.

For each case of the run, in each profile:

- an unexpected verdict (fail, error, timeout, crash) that no entry predicts
  gets one: a new entry (tcl = V, the profiles where it happened, none listed
  when it happened in every profile the case can run in and the run covered
  them all) ahead of the entries it must take precedence over, with the
  placeholder reason PLACEHOLDER, which the harness refuses to load (exit 2,
  naming file and line) until somebody writes why the result is expected; an
  entry about exactly V that predicted another verdict in just those profiles
  has its verdict changed instead (its reason is kept: check it);
- a pass where an entry predicts a failure takes that profile from the entry;
  the entry is removed only when its case ran and passed in every profile it
  names (an entry without profiles: in every profile in which the case can run,
  all of which the run covered). A profile the run did not cover, or where
  the case was skipped because this machine cannot run the profile, says
  nothing about an entry, nor does a harness failure or a flaky item.

Results that name a case that does not exist are refused (exit 2), as are
results with two records of one item.
"""

import json
import re
from pathlib import Path

from . import casefile, model, paths, results, targets
from .errors import ConfigError
from .profiles import REGISTRY

PLACEHOLDER = "TODO: say why this result is expected (sockconf refuses the file until you do)"

HEADER = """# Expected non-pass verdicts of {target}, one table per case id, or an array of tables
# ([["0901"]], one per entry) when they differ by version or profile; the first entry
# that applies decides (sockconf expectations update writes this file from a run; reasons
# are kept):
#   ["0301"]
#   verdict = "fail"                 # fail | error | timeout | crash
#   reason = "why this is expected"  # required
#   tcl = "8.6.13"                   # required: the patch level the reason is about (a glob:
#                                    #   "8.6.*", "*"); another version gets no expectation
#   profiles = ["v6only"]            # optional: only in these profiles
#   variant = "nothreads"            # optional: only this build of that Tcl (default, select,
#                                    #   nothreads; installed: a Tcl the target finds as it is)
"""


def _toml_string(text):
    if "\n" in text or '"' in text:
        body = text.replace("\\", "\\\\").replace('"""', '\\"""')
        return f'"""{body}"""'
    return '"' + text.replace("\\", "\\\\") + '"'


def render(target, entries):
    """The file's text: HEADER, then the entries of each case id in order: one
    table when a case has one entry, an array of tables when it has several."""
    out = [HEADER.format(target=target)]
    for case_id in sorted(entries):
        many = len(entries[case_id]) > 1
        for e in entries[case_id]:
            out.append(f'[["{case_id}"]]' if many else f'["{case_id}"]')
            out.append(f"verdict = {_toml_string(e.verdict)}")
            out.append(f"tcl = {_toml_string(e.tcl)}")
            if e.variant is not None:
                out.append(f"variant = {_toml_string(e.variant)}")
            out.append(f"reason = {_toml_string(e.reason)}")
            if e.profiles is not None:
                out.append("profiles = [" + ", ".join(_toml_string(p) for p in e.profiles) + "]")
            out.append("")
    return "\n".join(out)


def machine_skip(rec):
    """True for a skip that says this machine cannot run the profile (no root, no
    ip): the case could run there elsewhere, so the run did not cover it."""
    return rec["verdict"] == "skip" and re.match(r"profile \S+ unavailable", rec.get("message", "")) is not None


def _in_order(names):
    order = list(REGISTRY)
    return sorted(names, key=lambda p: order.index(p) if p in order else len(order))


def _domain(entries, e, version, variant):
    """The profiles where E is the entry that decides, on VERSION and VARIANT."""
    return [p for p in REGISTRY if targets.first_match(entries, p, version, variant) is e]


def _seen(doc, target, case_ids):
    """{case: {profile: record}} of TARGET's results; ConfigError for a case
    that does not exist or an item recorded twice."""
    by_case = {}
    for r in doc["results"]:
        if r["target"] != target:
            continue
        if case_ids is not None and r["case"] not in case_ids:
            raise ConfigError(f"the results name case {r['case']}, which does not exist "
                              "(results of another case folder? give it with --cases)")
        profiles = by_case.setdefault(r["case"], {})
        if r["profile"] in profiles:
            raise ConfigError(f"the results hold case {r['case']} on {target} in {r['profile']} twice")
        profiles[r["profile"]] = r
    return by_case


def _raw(rec):
    """The implementation's verdict of REC, or None when the record says nothing
    of it (a harness failure, a flaky item)."""
    if "harness" in rec or rec.get("flaky"):
        return None
    return rec.get("raw_verdict", rec["verdict"])


def update_case(case_id, old, recs, version, notes, variant=targets.INSTALLED, built=False):
    """The entries of CASE_ID after a run of VERSION (and build VARIANT; BUILT: the
    target's Tcl is built from source, so a new entry names its variant) whose records
    are RECS ({profile: record}); OLD are its entries before. NOTES gets a line per change."""
    entries = [targets.Expectation(e.verdict, e.reason, list(e.profiles) if e.profiles else None,
                                   e.tcl, e.where, e.variant) for e in old]
    raw = {p: _raw(r) for p, r in recs.items()}
    passed = {p for p, v in raw.items() if v == "pass"}
    own_skip = {p for p, r in recs.items() if r["verdict"] == "skip" and not machine_skip(r)}
    can_run = [p for p in REGISTRY if p not in own_skip]
    covered = all(p in recs and not machine_skip(recs[p]) and raw[p] is not None for p in REGISTRY)

    # 1. a pass takes its profile from the entry that predicted a failure there
    for e in [e for e in entries if e.applies_version(version, variant)]:
        domain = set(_domain(entries, e, version, variant))
        refuted = domain & passed
        if not refuted:
            continue
        named = e.profiles if e.profiles is not None else list(REGISTRY)

        def moot(p):
            # the case cannot run there, or (an entry about this run alone) another entry decides
            return (e.profiles is None and p in own_skip) or \
                (p not in domain and e.tcl == version and e.variant in (None, variant))
        left = [p for p in named if p not in refuted and not moot(p)]
        if not left:
            entries.remove(e)
            notes.append(f"removed {case_id} (tcl {e.tcl}): it passes now in every profile of its "
                         "entry" + (f" ({', '.join(e.profiles)})" if e.profiles else ""))
        else:
            e.profiles = _in_order(left)
            notes.append(f"narrowed {case_id} (tcl {e.tcl}) to {', '.join(e.profiles)}: it passes "
                         f"now in {', '.join(_in_order(refuted))}")

    # 2. a failure that no entry predicts gets one
    failing = {p: v for p, v in raw.items() if v in model.EXPECTABLE}
    for verdict in sorted(set(failing.values())):
        groups = {}         # deciding entry (or None) -> the profiles where it predicts otherwise
        for p in _in_order(p for p, v in failing.items() if v == verdict):
            d = targets.first_match(entries, p, version, variant)
            if d is None or d.verdict != verdict:
                groups.setdefault(id(d), (d, []))[1].append(p)
        for d, where in groups.values():
            if d is not None and d.tcl == version and d.variant == (variant if built else None) and \
                    set(_domain(entries, d, version, variant)) <= set(where):
                notes.append(f"changed {case_id} (tcl {d.tcl}): {d.verdict} -> {verdict}"
                             + (f" in {', '.join(d.profiles)}" if d.profiles else "")
                             + "; its reason is kept: check it")
                d.verdict = verdict
                continue
            everywhere = covered and set(where) == set(can_run)
            new = targets.Expectation(verdict, PLACEHOLDER, None if everywhere else where, version,
                                      variant=variant if built else None)
            entries.insert(entries.index(d) if d is not None else len(entries), new)
            notes.append(f"added {case_id}: {verdict} on {version}" + (f" ({variant})" if built else "")
                         + (f" in {', '.join(where)}" if not everywhere else "") + " - write its reason")

    # 3. an entry that an earlier one now always shadows is never used again
    for e in list(entries):
        before = entries[:entries.index(e)]
        if any(targets.shadows(b, e) for b in before):
            entries.remove(e)
            notes.append(f"removed {case_id} (tcl {e.tcl}, {e.verdict}): a newer entry applies "
                         "wherever it did")
    # a flaky item or a harness failure is no evidence either way
    for p, r in sorted(recs.items()):
        if raw[p] is None:
            notes.append(f"{case_id} [{p}]: {'flaky' if r.get('flaky') else 'a harness failure'}, "
                         "left as it is")
    return entries


def update(doc, target, path, case_ids=None):
    """(new entries {case: [Expectation]}, report lines) for TARGET's
    expectations at PATH from DOC. CASE_IDS: the ids that exist (None: not checked)."""
    if target not in doc["targets"]:
        raise ConfigError(f"target {target} is not in the results (targets: {', '.join(doc['targets'])})")
    version = doc["targets"][target].get("version") or ""
    if not version:
        raise ConfigError(f"the results do not say which interpreter version {target} is")
    build = doc["targets"][target].get("build")
    variant = build.get("variant", "default") if isinstance(build, dict) else targets.INSTALLED
    old = targets.load_expectations(path, allow_placeholder=True) if path.is_file() else {}
    seen = _seen(doc, target, case_ids)
    out, notes = {}, []
    for case_id in sorted(set(old) | set(seen)):
        entries = old.get(case_id, [])
        if case_id in seen:
            entries = update_case(case_id, entries, seen[case_id], version, notes, variant,
                                  built=isinstance(build, dict))
        if entries:
            out[case_id] = entries
    return out, notes


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
    cases_dir = Path(getattr(args, "cases", None) or paths.CASES)
    case_ids = {p.name[:4] for p in casefile.discover(cases_dir)}
    entries, notes = update(doc, args.target, path, case_ids)
    text = render(args.target, entries)
    results.write_output(path, text)
    targets.load_expectations(path, allow_placeholder=True)     # what it wrote loads again
    for n in notes:
        print(n)
    placeholders = sum(1 for es in entries.values() for e in es if e.reason == PLACEHOLDER)
    print(f"{path}: {sum(len(es) for es in entries.values())} expectations"
          + (f", {placeholders} still need a reason" if placeholders else ""))
    return 0


def as_json(entries):
    return json.dumps({k: [e.__dict__ for e in v] for k, v in entries.items()}, indent=1)
