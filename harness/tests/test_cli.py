"""The command line's contract: exit codes, one-line errors, result file schema."""

import json
import os
import signal
import subprocess
import time

from conftest import ROOT, sockconf
from sockconf import SCHEMA
from sockconf.results import validate


def test_unknown_target_is_exit_2_with_one_line():
    proc = sockconf("run", "--target", "no-such-target")
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "unknown target 'no-such-target'" in lines[0]


def test_missing_interpreter_is_exit_2_with_one_line():
    proc = sockconf("run", "--target", "mine=/nonexistent/tclsh")
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "/nonexistent/tclsh" in lines[0]


def test_unknown_profile_is_exit_2():
    proc = sockconf("run", "--profile", "moon")
    assert proc.returncode == 2
    assert "unknown profile 'moon'" in proc.stderr


def test_malformed_frontmatter_is_a_located_collection_error(suite):
    path = suite.dir / "area" / "0100-bad-key.tcl"
    path.parent.mkdir()
    path.write_text("# ---\n# id: 0100\n# title: t\n# colour: blue\n# clauses: [args.wrong-count]\n"
                    "# ---\nassert_equal 1 1\n")
    proc = suite.run()
    assert proc.returncode == 2
    assert f"{path}:4: unknown key 'colour'" in proc.stdout + proc.stderr


def test_results_file_is_valid_and_carries_target_version(suite):
    suite.add("0110", "ok", "assert_equal 1 1\n")
    proc = suite.run()
    assert proc.returncode == 0, proc.stdout + proc.stderr
    doc = suite.results()
    assert validate(doc) == []
    assert doc["schema"] == SCHEMA
    assert doc["targets"]["tclsh8.6"]["version"].startswith("8.6")
    assert doc["profiles"] == ["host"]
    rec = doc["results"][0]
    assert rec["case"] == "0110" and rec["slug"] == "ok" and rec["target"] == "tclsh8.6"
    assert rec["clauses"] == ["args.wrong-count"]
    for name in ("junit.xml", "summary.md", "index.html"):
        assert (suite.out / name).is_file()
    assert 'name="clauses area.0110-ok" value="args.wrong-count"' in (suite.out / "junit.xml").read_text()


def test_the_record_reaches_results_json_but_not_pytests_own_junit(suite, tmp_path):
    """The record rides from the xdist workers on the call report, not in
    user_properties: a --junitxml of the user's own gets the clause ids only."""
    suite.add("0111", "one", "assert_equal 1 1\n")
    suite.add("0112", "two", "assert_equal 1 2 {differs}\n")
    theirs = tmp_path / "theirs.xml"
    proc = suite.run("--jobs", "2", "--", f"--junitxml={theirs}")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert {r["case"]: r["verdict"] for r in suite.results()["results"]} == {"0111": "pass", "0112": "fail"}
    text = theirs.read_text(encoding="utf-8")
    assert 'name="clause" value="args.wrong-count"' in text
    assert '"verdict"' not in text and "sockconf.record" not in text


def test_version_names_the_suite():
    proc = sockconf("--version")
    assert proc.returncode == 0, proc.stderr
    first, contract, cases = proc.stdout.splitlines()
    assert first.startswith("sockconf ") and ("commit " in first or "not a git checkout" in first)
    assert f"results schema {SCHEMA}" in contract and "version" in contract
    n = len([p for p in (ROOT / "cases").rglob("*.tcl") if p.name[:4].isdigit()])
    assert cases.startswith(f"{n} cases in cases/ (case set sha256:")


def test_validate_rejects_a_broken_document():
    assert validate({"schema": "other"})
    assert any("verdict" in p for p in validate({
        "schema": SCHEMA, "started": "x", "host": {}, "targets": {}, "profiles": [],
        "results": [{"case": "1", "slug": "s", "target": "t", "profile": "p", "verdict": "great",
                     "duration_s": 0, "clauses": [], "message": "", "observations": {}}]}))


def test_k_selects_by_number_and_by_area(suite):
    suite.add("0120", "alpha", "assert_equal 1 1\n")
    suite.add("0121", "beta", "assert_equal 1 1\n")
    suite.run("-k", "0121")
    assert [r["case"] for r in suite.results()["results"]] == ["0121"]
    suite.run("-k", "alpha")
    assert [r["case"] for r in suite.results()["results"]] == ["0120"]


def test_expectations_turn_failures_into_xfail_and_passes_into_xpass(suite, tmp_path):
    suite.add("0130", "known-bad", "assert_equal 1 2\n")
    suite.add("0131", "fixed", "assert_equal 1 1\n")
    exp = tmp_path / "exp.toml"
    exp.write_text('["0130"]\nverdict = "fail"\ntcl = "8.6.*"\nreason = "known"\n'
                   '["0131"]\nverdict = "fail"\ntcl = "8.6.*"\nreason = "was broken"\n')
    proc = suite.run("--target", f"mine=tclsh8.6,expect={exp}")
    r = suite.by_case()
    assert r["0130"]["verdict"] == "xfail"
    assert r["0131"]["verdict"] == "xpass"
    assert proc.returncode == 1


def test_ctrl_c_keeps_partial_results(suite):
    for i in range(3):
        suite.add(f"014{i}", f"quick{i}", "assert_equal 1 1\n")
    suite.add("0149", "slow", "after 20000\n", timeout=60)
    cmd = [str(ROOT / "sockconf"), "run", "--cases", str(suite.dir), "--out", str(suite.out),
           "--profile", "host"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 30
    results = suite.out / "results.json"
    while time.monotonic() < deadline:
        if results.exists() and len(json.loads(results.read_text())["results"]) >= 3:
            break
        time.sleep(0.1)
    time.sleep(0.5)
    os.killpg(proc.pid, signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, out + err
    doc = suite.results()
    assert validate(doc) == []
    assert doc["complete"] is False
    assert {r["case"] for r in doc["results"]} >= {"0140", "0141", "0142"}


def test_diff_and_merge(suite, tmp_path):
    suite.add("0150", "a", "observe k [info patchlevel]\nassert_equal 1 1\n")
    suite.run("--target", "one=tclsh8.6", "--target", "two=tclsh8.6")
    res = suite.out / "results.json"
    proc = sockconf("diff", "one", "two", "--results", str(res))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 differences" in proc.stdout
    doc = json.loads(res.read_text())
    changed = json.loads(res.read_text())
    for r in changed["results"]:
        r["verdict"] = "fail"
        r["observations"] = {"k": "other"}
    other = tmp_path / "other.json"
    other.write_text(json.dumps(changed))
    proc = sockconf("diff", str(res), str(other))
    assert proc.returncode == 1
    assert "regressions" in proc.stdout and "observe k" in proc.stdout
    merged = tmp_path / "merged.json"
    proc = sockconf("merge", str(res), str(other), "--out", str(merged))
    assert proc.returncode == 2 and "the same run given twice" in proc.stderr, proc.stderr
    assert not merged.exists()
    third = tmp_path / "third"
    proc = subprocess.run([str(ROOT / "sockconf"), "run", "--cases", str(suite.dir), "--out", str(third),
                           "--profile", "host", "--target", "three=tclsh8.6"], capture_output=True,
                          text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr
    proc = sockconf("merge", str(res), str(third / "results.json"), "--out", str(merged))
    assert proc.returncode == 0, proc.stderr
    got = json.loads(merged.read_text())
    assert len(got["results"]) == len(doc["results"]) + 1
    assert got["selection"]["targets"] == ["one", "three", "two"] and got["complete"] is True


def test_diff_masks_what_changes_between_runs():
    from sockconf.compare import normalize
    assert normalize('error flushing "sock55ba0829adc0": broken pipe') == 'error flushing "sock<id>": broken pipe'
    assert normalize("0.0.0.0 0.0.0.0 41295 :: :: 41295") == "0.0.0.0 0.0.0.0 <port> :: :: <port>"
    assert normalize("port 80 and 7") == "port 80 and 7"
