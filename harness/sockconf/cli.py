"""./sockconf: run cases, list them, check clause coverage, report, diff, merge.

Exit codes: 0 every result as expected; 1 an unexpected result (or a
regression in diff, uncovered clauses in `clauses --uncovered`); 2 bad usage or
configuration, with one line on stderr.
"""

import argparse
import json
import signal
import sys
from collections import defaultdict
from pathlib import Path

from . import (bench, catalogue, compare, coverage, expectations, explore, findings, gate, junit, model,
               mutation, paths, profiles, releases, reports, results, targets, tclbuilds, textsafe)
from .errors import ConfigError


class Parser(argparse.ArgumentParser):
    def error(self, message):
        raise ConfigError(message)


class VersionAction(argparse.Action):
    """--version: which suite this is (identity.suite_identity), then exit 0."""

    def __init__(self, option_strings, dest, **kwargs):
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS,
                         help="show the sockconf version, its git commit, the runner contract's "
                              "version and the number of cases, and exit")

    def __call__(self, parser, namespace, values, option_string=None):
        from . import SCHEMA, identity
        s = identity.suite_identity()
        print(f"sockconf {s['version']}" + (f" (commit {s['commit']})" if s["commit"] else " (not a git checkout)"))
        print(f"runner contract (spec/INTERPRETING.md) version {s['spec_version']}, results schema {SCHEMA}")
        print(f"{s['cases']} cases in {paths.CASES.relative_to(paths.ROOT)}/ (case set {s['case_set']})")
        parser.exit(0)


# Subcommands that are whole tools with command lines of their own: `./sockconf NAME ARGS...`
# hands ARGS to NAME's main().
TOOLS = {"mutation": mutation, "bench": bench, "findings": findings, "coverage": coverage,
         "releases": releases, "tcl": tclbuilds}


def build_parser():
    p = Parser(prog="sockconf", description="conformance suite for the Tcl socket command")
    p.add_argument("--version", action=VersionAction)
    sub = p.add_subparsers(dest="command", required=True, parser_class=Parser)

    r = sub.add_parser("run", help="run cases and write reports")
    r.add_argument("--target", action="append", default=[], metavar="T",
                   help="target name from harness/targets.toml or NAME=CMD[,setup=FILE][,expect=FILE]; "
                        "repeatable (default tclsh8.6)")
    r.add_argument("--profile", action="append", default=[], metavar="P",
                   help="profile (host, dual, v4only, v6only, multihomed, names, unreachable, all); "
                        "repeatable (default all)")
    r.add_argument("-k", dest="keyword", metavar="EXPR", help="select cases as pytest -k does")
    r.add_argument("--jobs", "-j", type=int, default=1, metavar="N",
                   help="parallel workers (pytest-xdist), 1 to 4 per core")
    r.add_argument("--out", default=str(paths.REPORTS), metavar="DIR", help="report folder (default reports/)")
    r.add_argument("--cases", default=str(paths.CASES), metavar="DIR", help="case folder (default cases/)")
    r.add_argument("--timeout-scale", type=float, default=1.0, metavar="X",
                   help="multiply every case timeout")
    r.add_argument("--strict-compat", action="store_true",
                   help="also gate on compatibility: a difference from tclsh 8.6.13 where the manual "
                        "leaves the choice is an unexpected result (the reference implementation runs so)")
    r.add_argument("--baseline", metavar="FILE",
                   help="an earlier results file: report regressions, fixes, new and removed "
                        "results; the exit status is 1 only on a regression")
    r.add_argument("--repeat", type=int, default=1, metavar="N",
                   help="run every item N times; items whose verdicts differ are marked flaky")
    r.add_argument("--shard", metavar="I/N", help="run only the I-th of N deterministic shards")
    r.add_argument("--shard-durations", metavar="FILE",
                   help="a previous results file: balance the shards by its durations")
    r.add_argument("-v", "--verbose", action="store_true", help="one line per result")
    r.add_argument("pytest_args", nargs="*", metavar="-- PYTEST-ARGS", help="passed to pytest")

    ls = sub.add_parser("list", help="list cases, targets and profiles")
    ls.add_argument("--cases", default=str(paths.CASES), metavar="DIR")

    c = sub.add_parser("clauses", help="clauses -> cases -> verdict per target")
    c.add_argument("--uncovered", action="store_true",
                   help="list only testable clauses that no case covers - a clause counts as "
                        "covered only when one of its cases passes on --target (default ref) in "
                        "some profile of --results; exit 1 if any")
    c.add_argument("--results", default=str(paths.REPORTS / "results.json"), metavar="FILE")
    c.add_argument("--target", default="ref", metavar="T",
                   help="the target whose passes cover clauses (with --uncovered)")
    c.add_argument("--cases", default=str(paths.CASES), metavar="DIR")

    rep = sub.add_parser("report", help="write summary.md and index.html from a result file")
    rep.add_argument("--results", default=str(paths.REPORTS / "results.json"), metavar="FILE")
    rep.add_argument("--out", default=None, metavar="DIR", help="default: the result file's folder")
    rep.add_argument("--baseline", metavar="FILE",
                     help="an earlier results file: the report shows regressions, fixes, new and "
                          "removed results against it; the exit status is 1 only on a regression")
    rep.add_argument("--source-url", metavar="TEMPLATE", default=None,
                     help="link case files to a repository, e.g. "
                          "https://github.com/OWNER/REPO/blob/{commit}/{path}#L{line} "
                          f"(default: ${reports.SOURCE_URL_ENV}; without one, a case file is named, not linked)")

    d = sub.add_parser("diff", help="differences between two targets of one run, or two result files")
    d.add_argument("a", help="target name (in --results) or result file")
    d.add_argument("b", help="target name (in --results) or result file")
    d.add_argument("--results", default=str(paths.REPORTS / "results.json"), metavar="FILE")

    for name, module in TOOLS.items():
        tool = sub.add_parser(name, help=module.__doc__.strip().splitlines()[0], add_help=False)
        tool.add_argument("tool_args", nargs=argparse.REMAINDER, metavar="ARGS",
                          help=f"see ./sockconf {name} --help")

    a = sub.add_parser("ambiguities", help="ambiguities -> readings -> the cases that accept each")
    a.add_argument("--cases", default=str(paths.CASES), metavar="DIR")

    e = sub.add_parser("expectations", help="expectations files")
    esub = e.add_subparsers(dest="action", required=True, parser_class=Parser)
    eu = esub.add_parser("update", help="write or update a target's expectations from a run")
    eu.add_argument("--target", required=True, metavar="T")
    eu.add_argument("--results", default=str(paths.REPORTS / "results.json"), metavar="FILE")
    eu.add_argument("--file", metavar="FILE",
                    help="the expectations file (default: the target's, from harness/targets.toml)")
    eu.add_argument("--cases", default=str(paths.CASES), metavar="DIR",
                    help="the case folder the results are of (their case ids must exist there)")

    x = sub.add_parser("explore", help="draw seeded socket programs, run them on two or more targets, "
                                       "minimise every new difference into a case candidate")
    explore.add_arguments(x)

    m = sub.add_parser("merge", help="merge result files (the shards of a run, runs of other "
                                      "targets) into one, and gate on it")
    m.add_argument("files", nargs="+", metavar="FILE")
    m.add_argument("--out", default=str(paths.REPORTS / "results.json"), metavar="FILE")
    m.add_argument("--baseline", metavar="FILE",
                   help="an earlier results file: the exit status is 1 only on a regression")
    m.add_argument("--target", action="append", default=[], metavar="T",
                   help="this target must have results (repeatable)")
    m.add_argument("--shards", type=int, metavar="N",
                   help="every sharded run must have been cut into N shards")
    return p


from .run import cmd_run, load_cases, summary_text, write_reports  # noqa: E402  (the run's own module)


def cmd_list(args):
    cases, _ = load_cases(args.cases)
    for c in cases:
        print(f"{c.id}  {c.area:<8} {c.slug:<40} {c.title}")
    print(f"\n{len(cases)} cases")
    print("\ntargets:")
    for t in targets.load_all().values():
        try:
            t.resolved_command()
            state = "available"
        except ConfigError as exc:
            state = f"unavailable ({exc})"
        print(f"  {t.name:<14} {state}: {t.description}")
    print("\nprofiles:")
    for p in profiles.REGISTRY.values():
        ok, reason = p.available()
        print(f"  {p.name:<14} {'available' if ok else 'unavailable (' + reason + ')'}: {p.description}")
    return 0


def cmd_clauses(args):
    cases, sp = load_cases(args.cases)
    by_id = {c.id: c for c in cases}
    by_clause = {cl: [by_id[i] for i in ids] for cl, ids in catalogue.cases_by_clause(cases).items()}
    if args.uncovered:
        doc = results.load(args.results)
        if args.target not in doc["targets"]:
            raise ConfigError(f"{args.results} has no results of target {args.target} "
                              f"(targets: {', '.join(doc['targets']) or 'none'})")
        passing = {r["case"] for r in doc["results"]
                   if r["target"] == args.target and r["verdict"] == "pass"}
        missing = []
        for c in sp.testable_clauses():
            cases_of = [k.id for k in by_clause.get(c.id, [])]
            if not cases_of:
                missing.append((c, "no case"))
            elif not passing.intersection(cases_of):
                missing.append((c, f"no case passes on {args.target} (cases {', '.join(cases_of)})"))
        for c, why in missing:
            print(f"{c.id}\t{why}\tspec/clauses.yaml:{c.line}")
        return 1 if missing else 0
    verdicts = defaultdict(lambda: defaultdict(list))
    tnames = []
    if Path(args.results).exists():
        doc = results.load(args.results)
        tnames = list(doc["targets"])
        for r in doc["results"]:
            verdicts[r["case"]][r["target"]].append(r["verdict"])
    tags = catalogue.code_tags()
    header = ["clause", "strength", "cases", "reference-impl"] + tnames
    print("\t".join(header))
    for c in sp.clauses.values():
        ids = [k.id for k in by_clause.get(c.id, [])]
        cells = [c.id, c.data.get("strength", ""),
                 ",".join(ids) or ("-" if c.data.get("testable") == "true" else "untestable"),
                 ",".join(tags.get(c.id, [])) or "-"]
        for t in tnames:
            vs = [v for cid in ids for v in verdicts[cid][t]]
            cells.append(_verdict_cell(vs))
        print("\t".join(cells))
    unknown = sorted(set(tags) - set(sp.clauses))
    for tag in unknown:
        print(f"sockconf: reference-impl tags an unknown clause [{tag}] at {', '.join(tags[tag])}",
              file=sys.stderr)
    covered = sum(1 for c in sp.testable_clauses() if c.id in by_clause)
    print(f"\n{covered}/{len(sp.testable_clauses())} testable clauses have a case; "
          f"{len(sp.clauses)} clauses, {len(cases)} cases")
    return 0


def cmd_ambiguities(args):
    """Every ambiguity of spec/ambiguities.yaml: its clauses, each reading and the
    cases that accept it (their frontmatter's readings:), computed."""
    cases, sp = load_cases(args.cases)
    by_reading = catalogue.cases_by_reading(cases)
    for amb in sp.ambiguities.values():
        print(f"{amb.id}\tspec/ambiguities.yaml:{amb.line}\tclauses {', '.join(amb.data.get('clauses', [])) or '-'}")
        for r in amb.data.get("readings", []):
            ids = by_reading.get(amb.id, {}).get(r.get("id"), [])
            print(f"  {r.get('id')}\t{','.join(ids) or '-'}")
    cited = sum(1 for a in sp.ambiguities if a in by_reading)
    print(f"\n{cited}/{len(sp.ambiguities)} ambiguities have a case that names one of their readings")
    return 0


def _verdict_cell(vs):
    if not vs:
        return "-"
    bad = [v for v in vs if v not in model.EXPECTED]
    if bad:
        return f"{bad[0]}({len(bad)}/{len(vs)})"
    return "pass" if "pass" in vs else vs[0]


def cmd_report(args):
    doc = results.load(args.results)
    out = Path(args.out) if args.out else Path(args.results).parent
    source_url = reports.source_url_template(args.source_url)
    baseline = results.load(args.baseline) if args.baseline else None
    verdict = gate.judge(doc, baseline, args.baseline)
    failed = write_reports(doc, out, source_url)
    sys.stdout.write(summary_text(doc))
    for line in ([failed] if failed else []) + verdict.lines():
        print(f"sockconf: {line}", file=sys.stderr)
    return 1 if failed else verdict.status


def _looks_like_file(name):
    return "/" in name or name.endswith(".json") or Path(name).exists()


def cmd_diff(args):
    two_files = _looks_like_file(args.a) or _looks_like_file(args.b)
    if two_files:
        a_doc, b_doc, ta, tb = results.load(args.a), results.load(args.b), None, None
    else:
        doc = results.load(args.results)
        for t in (args.a, args.b):
            if t not in doc["targets"]:
                raise ConfigError(f"'{t}' is neither a result file nor a target in {args.results} "
                                  f"(targets: {', '.join(doc['targets'])})")
        a_doc = b_doc = doc
        ta, tb = args.a, args.b
    cmp = compare.compare(a_doc, b_doc, ta, tb, args.a, args.b)
    for r in cmp.rows:
        print(textsafe.escape_controls(
            f"{r.case}/{r.target_a if r.target_a == r.target_b else r.target_a + '|' + r.target_b}/"
            f"{r.profile}\t{r.kind}\t{r.a}\t{r.b}"))
    print(f"{len(cmp.rows)} differences, {len(cmp.regressions)} regressions, {len(cmp.fixes)} fixes "
          f"(A={args.a}, B={args.b})")
    if two_files:       # runs of different suites: say so, the differences may be the suite's
        other = reports.other_suite(b_doc.get("suite"), a_doc.get("suite"), "B", "A")
        if other:
            print(f"sockconf: note: {other}", file=sys.stderr)
    # Two runs: B is gated against A. Two targets of one run: a comparison, not a gate,
    # but never of a partial run.
    problems = gate.run_problems(b_doc) + ([] if two_files else gate.run_problems(a_doc))
    for p in dict.fromkeys(problems):
        print(f"sockconf: {p}", file=sys.stderr)
    return 1 if problems or (two_files and cmp.regressions) else 0


def cmd_merge(args):
    docs = [results.load(f) for f in args.files]
    if args.shards is not None and args.shards < 1:
        raise ConfigError(f"merge: --shards must be 1 or more, not {args.shards}")
    merged = compare.merge(docs, args.files, args.target, args.shards)
    baseline = results.load(args.baseline) if args.baseline else None
    verdict = gate.judge(merged, baseline, args.baseline)
    out = Path(args.out)
    results.write_output(out, json.dumps(merged, indent=1, ensure_ascii=False) + "\n")
    # junit.xml beside it (beside a file not called results.json: NAME.junit.xml)
    xml = out.with_name("junit.xml") if out.name == "results.json" else out.with_suffix(".junit.xml")
    try:
        junit.write(merged, xml, {id(r) for r in gate.unexpected(merged)})
    except OSError as exc:
        raise ConfigError(f"{xml}: cannot write: {exc.strerror or exc}") from None
    print(f"merged {len(docs)} files, {len(merged['results'])} results -> {args.out} (and {xml})")
    for line in verdict.lines():
        print(f"sockconf: {line}", file=sys.stderr)
    return verdict.status


class Stopped(Exception):
    """SIGTERM arrived outside a run (which has its own handling)."""


def _stop(signum, frame):
    raise Stopped()


def main(argv=None):
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)       # `./sockconf list | head` ends quietly
    if signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _stop)
    try:
        words = list(sys.argv[1:] if argv is None else argv)
        if words and words[0] in TOOLS:         # its own command line, options and all
            return TOOLS[words[0]].main(words[1:])
        args = build_parser().parse_args(argv)
        args.argv = words[1:]
        return {"run": cmd_run, "list": cmd_list, "clauses": cmd_clauses,
                "ambiguities": cmd_ambiguities, "report": cmd_report,
                "diff": cmd_diff, "merge": cmd_merge, "explore": explore.cmd_explore,
                "expectations": expectations.cmd_update}[args.command](args)
    except ConfigError as exc:
        print(f"sockconf: {textsafe.escape_controls(str(exc))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("sockconf: interrupted by SIGINT before the run started; nothing was run",
              file=sys.stderr)
        return 130
    except Stopped:
        print("sockconf: stopped by SIGTERM before the run started; nothing was run",
              file=sys.stderr)
        return 143


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    sys.exit(main())
