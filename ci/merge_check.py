"""merge_check.py -- judge a merged result file of a sharded CI run (ci/gate.sh merge).

    /usr/bin/python3 ci/merge_check.py --results MERGED [--baseline FILE]
                                       [--target T]... [--shards N] INPUT...

INPUT are the files `./sockconf merge` merged into MERGED. Checks, in this order:

  shards      for every target, the inputs hold a whole run or every shard 1/N..N/N
              (a shard job that died leaves no file; nothing else would notice);
              with --target, that target has results; with --shards N, it was
              cut into N shards
  complete    the merged run is complete and has a record for every selected item
  the gate    with --baseline, no regression against it (the comparison is the one
              `./sockconf run --baseline` makes, stored in MERGED so the report shows
              it); without, no unexpected result

A missing shard marks MERGED incomplete, with the reason as its status. Prints one
line per problem on stderr. Exit 0 as expected, 1 a problem or a regression
(or, without a baseline, an unexpected result), 2 bad usage or an unreadable file.
"""

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "harness"))

from sockconf import compare, reports, results  # noqa: E402
from sockconf.errors import ConfigError  # noqa: E402


class Parser(argparse.ArgumentParser):
    def error(self, message):
        raise ConfigError(message)


def shard_problems(inputs, want_targets=(), want_shards=None):
    """[problem] about the shard sets of INPUTS ([(path, doc)])."""
    runs = {}
    for path, doc in inputs:
        for target in doc["targets"]:
            runs.setdefault(target, []).append((path, doc.get("shard")))
    problems = [f"target {t}: no results (no input file holds it)"
                for t in want_targets if t not in runs]
    for target, parts in runs.items():
        if any(shard is None for _, shard in parts):
            continue                                # a whole run of the target
        cuts = {}
        for path, shard in parts:
            i, _, n = shard.partition("/")
            cuts.setdefault(int(n), set()).add(int(i))
        if len(cuts) > 1:
            problems.append(f"target {target}: shards of different cuts "
                            f"({', '.join(f'{path}: {shard}' for path, shard in parts)})")
            continue
        (n, have), = cuts.items()
        if want_shards is not None and n != want_shards:
            problems.append(f"target {target}: cut into {n} shards, not {want_shards}")
        missing = [f"{i}/{n}" for i in range(1, n + 1) if i not in have]
        if missing:
            problems.append(f"target {target}: shard {', '.join(missing)} missing")
    return problems


def judge(merged_path, inputs, baseline_path=None, want_targets=(), want_shards=None):
    """(exit status, [problem lines]); writes the verdict of the checks into MERGED."""
    doc = results.load(merged_path)
    lines = shard_problems(inputs, want_targets, want_shards)
    if lines:
        doc["complete"] = False
        doc["status"] = "; ".join(lines)
    elif doc.get("complete") is False:
        lines.append(f"the run did not complete: {doc.get('status', 'unknown')}")
    selected = doc.get("selected")
    if selected is not None and selected != len(doc["results"]):
        lines.append(f"{selected} items selected, {len(doc['results'])} records")
    failed = bool(lines)
    if baseline_path is not None:
        cmp = compare.compare(results.load(baseline_path), doc,
                              a_name=str(baseline_path), b_name="this run")
        doc["baseline"] = {"file": str(baseline_path), **cmp.as_dict()}
        for r in cmp.regressions:
            lines.append(f"regression: {r.case} [{r.target_b}-{r.profile}] {r.a or 'absent'} -> {r.b}")
        failed = failed or bool(cmp.regressions)
    else:
        bad = reports.unexpected(doc)
        if bad:
            lines.append(f"{len(bad)} unexpected results (no baseline: every one counts)")
        failed = failed or bool(bad)
    results.write_atomic(Path(merged_path), json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
    return (1 if failed else 0), lines


def main(argv=None):
    p = Parser(prog="ci/merge_check.py")
    p.add_argument("--results", required=True, metavar="MERGED")
    p.add_argument("--baseline", metavar="FILE")
    p.add_argument("--target", action="append", default=[], metavar="T")
    p.add_argument("--shards", type=int, metavar="N")
    p.add_argument("inputs", nargs="+", metavar="INPUT")
    try:
        args = p.parse_args(argv)
        if args.shards is not None and args.shards < 1:
            raise ConfigError(f"--shards must be 1 or more, not {args.shards}")
        inputs = [(f, results.load(f)) for f in args.inputs]
        status, lines = judge(args.results, inputs, args.baseline, args.target, args.shards)
    except ConfigError as exc:
        print(f"gate: {exc}", file=sys.stderr)
        return 2
    for line in lines:
        print(f"gate: {line}", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
