"""The CI gate (ci/gate.sh, ./sockconf merge) and the workflow linter (ci/lint-workflow.sh).

The gate is shown on a tiny case folder in the host profile: ref's run is the
baseline; a refsock whose client connects are broken regresses one case (exit 1,
the case named); once that failure is an expectation with a reason it is xfail,
which is not a regression (exit 0); two shards merged give the items and
verdicts of one whole run, and a missing shard fails the merge.
"""

import json
import os
import shutil
import subprocess

import pytest

from conftest import ROOT, case_text, sockconf

GATE = ROOT / "ci" / "gate.sh"
LINT = ROOT / "ci" / "lint-workflow.sh"
WORKFLOW = ROOT / "ci" / "github-actions.yml"

CASES = {
    ("0001", "exchange"): ("""
        proc accept {chan addr port} { set ::peer $chan }
        set srv [socket -server accept -myaddr 127.0.0.1 0]
        set c [socket 127.0.0.1 [lindex [chan configure $srv -sockname] 2]]
        wait_for ::peer
        puts $::peer hello
        flush $::peer
        assert_equal hello [gets $c] "the client reads what the server wrote"
        close $c
        close $::peer
        close $srv
        """, ("ipv4",)),
    ("0002", "wrong-args"): ("""
        assert_error -code {TCL WRONGARGS} {wrong # args*} {socket}
        """, ()),
    ("0003", "server-port"): ("""
        set srv [socket -server {apply {{c a p} {close $c}}} -myaddr 127.0.0.1 0]
        assert {[lindex [chan configure $srv -sockname] 2] > 0} "port 0 becomes a real port"
        close $srv
        """, ("ipv4",)),
    ("0004", "server-address"): ("""
        set srv [socket -server {apply {{c a p} {close $c}}} -myaddr 127.0.0.1 0]
        assert_equal 127.0.0.1 [lindex [chan configure $srv -sockname] 0]
        close $srv
        """, ("ipv4",)),
}

# refsock with an injected bug: every client connect fails.
BROKEN_SETUP = f"""
source {ROOT / "reference-impl" / "setup.tcl"}
rename ::socket ::broken_socket
proc ::socket args {{
    if {{[llength $args] >= 2 && "-server" ni $args}} {{
        return -code error -errorcode {{POSIX ECONNREFUSED {{connection refused}}}} \\
            "couldn't open socket: connection refused"
    }}
    tailcall ::broken_socket {{*}}$args
}}
"""


def gate(*args, timeout=90, env=None):
    return subprocess.run(["bash", str(GATE), *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL,
                          env=None if env is None else {**os.environ, **env})


def run_gate(cases, out, *args, **kw):
    return gate("--no-build", "--cases", cases, "--profile", "host", "--jobs", "1", "--out", out,
                *args, **kw)


def verdicts(path):
    doc = json.loads(path.read_text(encoding="utf-8"))
    return {(r["case"], r["target"], r["profile"]): r["verdict"] for r in doc["results"]}


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """The case folder and ref's baseline run on it."""
    if not (ROOT / "reference-impl" / "build" / "ref" / "pkgIndex.tcl").is_file():
        pytest.skip("refsock is not built (make ref)")
    top = tmp_path_factory.mktemp("ci")
    cases = top / "cases"
    for (case_id, slug), (body, requires) in CASES.items():
        path = cases / "area" / f"{case_id}-{slug}.tcl"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(case_text(case_id, body, requires=requires), encoding="utf-8")
    proc = run_gate(cases, top / "base", "--target", "ref")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    yield {"top": top, "cases": cases, "baseline": top / "base" / "results.json"}
    shutil.rmtree(top, ignore_errors=True)


@pytest.mark.parametrize("args, says", [
    ((), "nothing to do"),
    (("--jobs", "1"), "--target T is required"),
    (("--target",), "--target needs a value"),
    (("--target", "ref", "--frobnicate"), "unknown argument '--frobnicate'"),
    (("--target", "ref", "--baseline", "/nonexistent/results.json"), "no result file at /nonexistent"),
    (("--target", "no-such-target", "--no-build"), "unknown target 'no-such-target'"),
    (("--target", "ref", "--tcl-sources", "/nonexistent"), "--tcl-sources: no folder at /nonexistent"),
    (("--target", "ref", "--no-build", "--shard", "3/2"), "--shard must be I/N"),
    (("merge",), "--out DIR is required"),
    (("merge", "--out", "/tmp"), "no result files to merge"),
    (("merge", "--out", "/tmp", "--shards", "two", "x.json"), "--shards must be a number"),
    (("merge", "--out", "/tmp", "--bogus", "x.json"), "unknown option '--bogus'"),
])
def test_usage_errors_are_one_line_and_exit_2(args, says):
    proc = gate(*args, timeout=30)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and says in lines[0], proc.stderr


def test_broken_target_regresses_until_its_failure_is_an_expectation(world, tmp_path):
    setup = tmp_path / "broken.tcl"
    setup.write_text(BROKEN_SETUP, encoding="utf-8")
    expect = tmp_path / "broken.toml"
    target = f"broken=tclsh8.6,setup={setup}"

    proc = run_gate(world["cases"], tmp_path / "r1", "--target", target, "--baseline", world["baseline"])
    assert proc.returncode == 1, proc.stdout + proc.stderr
    regressions = [ln for ln in proc.stderr.splitlines() if "regression:" in ln]
    assert regressions == ["sockconf: regression: 0001 [broken-host] pass -> error"], proc.stderr

    proc = sockconf("expectations", "update", "--target", "broken", "--cases", str(world["cases"]),
                    "--results", str(tmp_path / "r1" / "results.json"), "--file", str(expect))
    assert proc.returncode == 0 and "added 0001: error" in proc.stdout, proc.stdout + proc.stderr
    # the placeholder reason is refused until somebody writes one
    proc = run_gate(world["cases"], tmp_path / "r2", "--target", f"{target},expect={expect}",
                    "--baseline", world["baseline"])
    assert proc.returncode == 2 and str(expect) in proc.stderr, proc.stdout + proc.stderr

    text = expect.read_text(encoding="utf-8")
    assert "TODO" in text
    expect.write_text("\n".join(
        'reason = "client connects are broken on purpose (self-test)"' if ln.startswith("reason =")
        else ln for ln in text.splitlines()) + "\n", encoding="utf-8")
    proc = run_gate(world["cases"], tmp_path / "r3", "--target", f"{target},expect={expect}",
                    "--baseline", world["baseline"])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    got = verdicts(tmp_path / "r3" / "results.json")
    assert got[("0001", "broken", "host")] == "xfail"
    assert {k[0]: v for k, v in got.items() if k[0] != "0001"} == {"0002": "pass", "0003": "pass",
                                                                   "0004": "pass"}


def test_two_shards_merged_equal_one_run(world, tmp_path):
    shards = []
    for i in (1, 2):
        out = tmp_path / f"shard{i}"
        proc = run_gate(world["cases"], out, "--target", "ref", "--shard", f"{i}/2")
        assert proc.returncode == 0, proc.stdout + proc.stderr
        shards.append(out / "results.json")
    parts = [set(verdicts(s)) for s in shards]
    assert parts[0] and parts[1] and not parts[0] & parts[1]

    summary = tmp_path / "step-summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    proc = gate("merge", "--out", tmp_path / "merged", "--target", "ref", "--shards", "2",
                "--baseline", world["baseline"], *shards, env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert verdicts(tmp_path / "merged" / "results.json") == verdicts(world["baseline"])
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n# sockconf results")
    assert "## Against the baseline" in text and "0 regressions" in text
    assert (tmp_path / "merged" / "index.html").is_file()


def test_a_missing_shard_or_target_is_refused_by_the_merge(world, tmp_path):
    out = tmp_path / "shard1"
    proc = run_gate(world["cases"], out, "--target", "ref", "--shard", "1/2")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    proc = gate("merge", "--out", tmp_path / "merged", "--target", "ref", out / "results.json")
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert proc.stderr.strip().splitlines() == [
        "sockconf: merge: shard 2/2 of the run of ref missing"], proc.stderr
    full = tmp_path / "full"
    proc = run_gate(world["cases"], full, "--target", "ref")
    proc = gate("merge", "--out", tmp_path / "merged", "--target", "ref", "--target", "tclsh8.6",
                full / "results.json")
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "merge: target tclsh8.6: no results" in proc.stderr
    assert not (tmp_path / "merged" / "results.json").exists()


def test_merge_gates_on_regressions_or_without_baseline_on_unexpected_results(world, tmp_path):
    setup = tmp_path / "broken.tcl"
    setup.write_text(BROKEN_SETUP, encoding="utf-8")
    proc = run_gate(world["cases"], tmp_path / "run", "--target", f"broken=tclsh8.6,setup={setup}",
                    "-k", "0001 or 0002")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    run = tmp_path / "run" / "results.json"
    proc = gate("merge", "--out", tmp_path / "merged", "--baseline", world["baseline"], run)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert [ln for ln in proc.stderr.splitlines() if "regression" in ln] == [
        "sockconf: regression: 0001 [broken-host] pass -> error"], proc.stderr
    assert "- Regression: 0001 [broken-host] pass → error" in \
        (tmp_path / "merged" / "summary.md").read_text(encoding="utf-8")
    proc = gate("merge", "--out", tmp_path / "merged2", run)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "1 unexpected results" in proc.stderr


@pytest.fixture(scope="module")
def linter():
    proc = subprocess.run(["sh", str(LINT), "--install"], capture_output=True, text=True,
                          timeout=300, stdin=subprocess.DEVNULL)
    if proc.returncode != 0:
        pytest.skip(f"the workflow linter cannot be installed here: {proc.stderr.strip()}")


def lint(*files):
    return subprocess.run(["sh", str(LINT), *map(str, files)], capture_output=True, text=True,
                          timeout=120, stdin=subprocess.DEVNULL)


def test_the_workflow_gates_every_release_target_by_default():
    """The template's default matrix holds the targets make releases runs (the Tcl builds and
    refsock in each), each a target of harness/targets.toml."""
    import re
    from sockconf import releases, targets
    text = WORKFLOW.read_text(encoding="utf-8")
    listed = json.loads(re.search(r"SOCKCONF_TARGETS: >-\n((?:    .*\n)+)", text).group(1))
    known = targets.load_all()
    assert all(n in known for n in listed)
    wanted = [t.name for t in releases.release_targets(known) if t.build is not None]
    assert wanted and all(n in listed for n in wanted)


def test_the_workflow_template_passes_the_linter(linter):
    proc = lint()
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 finding(s) in 1 file(s)" in proc.stdout


def test_a_broken_copy_of_the_workflow_fails_the_linter(linter, tmp_path):
    text = WORKFLOW.read_text(encoding="utf-8")
    breakages = {
        # a typo in a matrix property, and a job that needs a job that does not exist
        "typo.yml": ("TARGET: ${{ matrix.target }}", "TARGET: ${{ matrix.targte }}"),
        "needs.yml": ("needs: [plan, gate]", "needs: [plan, gates]"),
    }
    files = []
    for name, (old, new) in breakages.items():
        assert old in text, f"the template changed: {old!r} is gone; update this test"
        path = tmp_path / name
        path.write_text(text.replace(old, new), encoding="utf-8")
        files.append(path)
    proc = lint(*files)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert f"{files[0]}:" in proc.stdout and "targte" in proc.stdout
    assert f"{files[1]}:" in proc.stdout and "gates" in proc.stdout
    assert lint(tmp_path / "missing.yml").returncode == 2
