"""make coverage's gate (sockconf.coverage): it fails below the minimums and passes at or
above them, in one line, counting a tracefile's records as lcov --summary does. No run of
the suite: made-up tracefiles only."""

import re
import subprocess

import pytest

from conftest import ROOT
from sockconf import coverage


def tracefile(files):
    """An lcov tracefile: FILES maps a source name to (line counts, branch counts), a
    branch count being an int or "-" (its block never ran)."""
    out = []
    for name, (lines, branches) in files.items():
        out.append(f"SF:/src/{name}")
        out += [f"DA:{n},{count}" for n, count in enumerate(lines, 1)]
        out += [f"BRDA:{n},0,{i},{count}" for n, (i, count) in enumerate(enumerate(branches), 1)]
        out.append("end_of_record")
    return "\n".join(out) + "\n"


# 20 lines (19 run) and 20 branches (17 taken, one of the others never reached)
TRACE = tracefile({
    "a.c": ([5] * 9 + [0], [1] * 9 + [0]),
    "b.c": ([1] * 10, [2] * 8 + ["-", 0]),
})


def test_counts_are_lcovs():
    s = coverage.summarize(TRACE)
    assert (s.lines_hit, s.lines_found, s.branches_hit, s.branches_found) == (19, 20, 17, 20)
    assert s.lines == 95.0 and s.branches == 85.0


def test_duplicate_records_are_merged_before_counting():
    # the same file captured twice: a line run in either capture is run
    twice = tracefile({"a.c": ([0, 3], [0, "-"])}) + tracefile({"a.c": ([2, 0], ["-", 1])})
    s = coverage.summarize(twice)
    assert (s.lines_hit, s.lines_found, s.branches_hit, s.branches_found) == (2, 2, 1, 2)


@pytest.mark.parametrize("min_lines, min_branches", [(95, 85), (90, 80), (0, 0)])
def test_passes_at_or_above_both_minimums(min_lines, min_branches):
    passed, line = coverage.judge(coverage.summarize(TRACE), min_lines, min_branches)
    assert passed
    assert line.startswith("coverage gate passed: lines 95.0% (19 of 20)")
    assert "\n" not in line


@pytest.mark.parametrize("min_lines, min_branches, below", [
    (95.1, 85, ["lines 95.0% (19 of 20) is below COVERAGE_MIN_LINES = 95.1%"]),
    (95, 90, ["branches 85.0% (17 of 20) is below COVERAGE_MIN_BRANCHES = 90%"]),
    (100, 86, ["COVERAGE_MIN_LINES = 100%", "COVERAGE_MIN_BRANCHES = 86%"]),
])
def test_fails_below_either_minimum_naming_it(min_lines, min_branches, below):
    passed, line = coverage.judge(coverage.summarize(TRACE), min_lines, min_branches)
    assert not passed
    assert line.startswith("coverage gate failed: ")
    assert all(part in line for part in below)
    assert "\n" not in line


def run(tmp_path, text, *limits):
    trace = tmp_path / "coverage.info"
    if text is not None:
        trace.write_text(text)
    return subprocess.run([str(ROOT / "sockconf"), "coverage", str(trace), *limits],
                          capture_output=True, text=True, cwd=ROOT, env={"PATH": "/usr/bin:/bin"})


def test_command_line_exit_status_and_one_line(tmp_path):
    ok = run(tmp_path, TRACE, "--min-lines", "95", "--min-branches", "85")
    assert ok.returncode == 0 and ok.stdout.count("\n") == 1 and ok.stderr == ""
    low = run(tmp_path, TRACE, "--min-lines", "96", "--min-branches", "85")
    assert low.returncode == 1 and low.stdout == ""
    assert low.stderr.count("\n") == 1 and "COVERAGE_MIN_LINES = 96%" in low.stderr


@pytest.mark.parametrize("text, what", [
    (None, "cannot read"),
    ("", "no line coverage data"),
    ("SF:/src/a.c\nDA:1,x\nend_of_record\n", "malformed record"),
])
def test_unusable_tracefile_is_one_line_and_status_2(tmp_path, text, what):
    r = run(tmp_path, text, "--min-lines", "95", "--min-branches", "85")
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and what in r.stderr


def test_a_minimum_outside_0_to_100_is_refused(tmp_path):
    r = run(tmp_path, TRACE, "--min-lines", "101", "--min-branches", "85")
    assert r.returncode == 2 and "between 0 and 100" in r.stderr


def test_the_makefile_keeps_the_minimums_and_runs_the_gate():
    # issue 12: at least 95% of lines and 85% of branches
    text = (ROOT / "Makefile").read_text()
    lines = re.search(r"^COVERAGE_MIN_LINES = (\d+(?:\.\d+)?)$", text, re.M)
    branches = re.search(r"^COVERAGE_MIN_BRANCHES = (\d+(?:\.\d+)?)$", text, re.M)
    assert lines and float(lines.group(1)) >= 95
    assert branches and float(branches.group(1)) >= 85
    assert ("$(SOCKCONF) coverage reports/coverage.info \\\n"
            "\t\t--min-lines $(COVERAGE_MIN_LINES) --min-branches $(COVERAGE_MIN_BRANCHES)") in text
