"""The coverage gate of `make coverage`: line and branch coverage of an lcov tracefile
against minimum percentages, judged in one line.

    sockconf coverage TRACEFILE --min-lines 95 --min-branches 85

Counts come from the tracefile's own records, as `lcov --summary` counts them: a line
is an instrumented line (DA), covered when its count is above 0; a branch is a BRDA
record, covered when it was taken (a count above 0; "-" means its block never ran).
Records of the same file, line or branch that appear more than once (tracefiles
added together) are merged first. Exit status: 0 at or above both minimums, 1 below
either, 2 for a tracefile that cannot be read or holds no line at all.
"""

import argparse
import sys
from dataclasses import dataclass


class CoverageError(Exception):
    """The tracefile cannot be judged (missing, unreadable, no line data)."""


@dataclass(frozen=True)
class Summary:
    lines_hit: int
    lines_found: int
    branches_hit: int
    branches_found: int

    @staticmethod
    def percent(hit, found):
        return 100.0 * hit / found if found else 100.0

    @property
    def lines(self):
        return self.percent(self.lines_hit, self.lines_found)

    @property
    def branches(self):
        return self.percent(self.branches_hit, self.branches_found)


def summarize(text):
    """The Summary of lcov tracefile TEXT."""
    lines, branches = {}, {}
    source = None
    for raw in text.splitlines():
        key, _, value = raw.strip().partition(":")
        if key == "SF":
            source = value
        elif key == "end_of_record":
            source = None
        elif key == "DA":
            fields = value.split(",")
            if len(fields) < 2:
                raise CoverageError(f"malformed record {raw.strip()!r}")
            where = (source, fields[0])
            lines[where] = lines.get(where, 0) + _count(fields[1], raw)
        elif key == "BRDA":
            fields = value.split(",")
            if len(fields) != 4:
                raise CoverageError(f"malformed record {raw.strip()!r}")
            where = (source, *fields[:3])
            taken = 0 if fields[3] == "-" else _count(fields[3], raw)
            branches[where] = branches.get(where, 0) + taken
    return Summary(sum(1 for n in lines.values() if n > 0), len(lines),
                   sum(1 for n in branches.values() if n > 0), len(branches))


def _count(field, raw):
    try:
        return int(field)
    except ValueError:
        raise CoverageError(f"malformed record {raw.strip()!r}") from None


def judge(summary, min_lines, min_branches):
    """(passed, the one line that says so) for SUMMARY against the minimums (percent)."""
    def figure(name, hit, found, value):
        return f"{name} {value:.1f}% ({hit} of {found})"

    lines = figure("lines", summary.lines_hit, summary.lines_found, summary.lines)
    branches = figure("branches", summary.branches_hit, summary.branches_found, summary.branches)
    # hit/found >= min/100, in integers, so 95% of 600 lines is exactly 570
    below = []
    if summary.lines_hit * 100 < min_lines * summary.lines_found:
        below.append(f"{lines} is below COVERAGE_MIN_LINES = {min_lines:g}%")
    if summary.branches_hit * 100 < min_branches * summary.branches_found:
        below.append(f"{branches} is below COVERAGE_MIN_BRANCHES = {min_branches:g}%")
    if below:
        return False, "coverage gate failed: " + "; ".join(below)
    return True, (f"coverage gate passed: {lines} >= {min_lines:g}%, "
                  f"{branches} >= {min_branches:g}%")


def _percent(text):
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"not a percentage between 0 and 100: {text!r}")
    return value


def main(argv=None):
    ap = argparse.ArgumentParser(prog="sockconf coverage",
                                 description="fail below minimum line/branch coverage")
    ap.add_argument("tracefile")
    ap.add_argument("--min-lines", type=_percent, required=True, metavar="PERCENT")
    ap.add_argument("--min-branches", type=_percent, required=True, metavar="PERCENT")
    args = ap.parse_args(argv)
    try:
        try:
            with open(args.tracefile, encoding="utf-8") as f:
                text = f.read()
        except OSError as exc:
            raise CoverageError(f"cannot read {args.tracefile}: {exc.strerror}") from None
        summary = summarize(text)
        if summary.lines_found == 0:
            raise CoverageError(f"{args.tracefile} holds no line coverage data")
    except CoverageError as exc:
        print(f"coverage gate: {exc}", file=sys.stderr)
        return 2
    passed, line = judge(summary, args.min_lines, args.min_branches)
    print(line, file=sys.stdout if passed else sys.stderr)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
