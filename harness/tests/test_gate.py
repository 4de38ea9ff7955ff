"""No path of the gate is green on a partial, mixed or duplicated run (issue 15).

Real runs of a small case folder, cut into shards and recombined the wrong ways;
each path (run, report, diff, merge, --baseline) must say no.
"""

import json
import os
import signal
import subprocess
import time

import pytest
from conftest import ROOT, sockconf


@pytest.fixture
def four(suite):
    for i, slug in ((2, "b"), (3, "c"), (4, "d")):
        suite.add(f"000{i}", slug, "assert 1\n")
    suite.add("0001", "a", "assert 1\n")
    return suite


def run_to(suite, out, *args):
    return subprocess.run([str(ROOT / "sockconf"), "run", "--cases", str(suite.dir), "--out", str(out),
                           "--profile", "host", *args], capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)


def test_shards_of_different_runs_do_not_merge(four, tmp_path):
    a = run_to(four, tmp_path / "a", "--shard", "1/2", "-k", "0001 or 0002 or 0003")
    b = run_to(four, tmp_path / "b", "--shard", "2/2", "-k", "0001 or 0004")
    assert a.returncode == 0 and b.returncode == 0, a.stderr + b.stderr
    proc = sockconf("merge", str(tmp_path / "a/results.json"), str(tmp_path / "b/results.json"),
                    "--out", str(tmp_path / "m.json"))
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "runs of different selections (keyword" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and not (tmp_path / "m.json").exists()


def test_shards_cut_by_different_durations_do_not_merge(four, tmp_path):
    whole = run_to(four, tmp_path / "whole")
    assert whole.returncode == 0, whole.stderr
    durations = tmp_path / "durations.json"
    durations.write_text((tmp_path / "whole/results.json").read_text())
    a = run_to(four, tmp_path / "a", "--shard", "1/2", "--shard-durations", str(durations))
    b = run_to(four, tmp_path / "b", "--shard", "2/2")
    assert a.returncode == 0 and b.returncode == 0, a.stderr + b.stderr
    assert json.loads((tmp_path / "a/results.json").read_text())["partition"]["durations"].startswith("sha256:")
    proc = sockconf("merge", str(tmp_path / "a/results.json"), str(tmp_path / "b/results.json"),
                    "--out", str(tmp_path / "m.json"))
    assert proc.returncode == 2 and "shards of one run cut differently" in proc.stderr, proc.stderr


def test_a_repeated_shard_is_refused_and_more_shards_than_items_is_honest(four, tmp_path):
    outs = []
    for i in range(1, 7):                       # 6 shards of 4 items: two shards are empty
        r = run_to(four, tmp_path / f"s{i}", "--shard", f"{i}/6")
        assert r.returncode == 0, r.stdout + r.stderr
        outs.append(str(tmp_path / f"s{i}/results.json"))
    sizes = [len(json.loads(open(o).read())["results"]) for o in outs]
    assert sorted(sizes) == [0, 0, 1, 1, 1, 1]
    proc = sockconf("merge", *outs, outs[2], "--out", str(tmp_path / "m.json"))
    assert proc.returncode == 2 and "given twice" in proc.stderr, proc.stderr
    # the empty shards are part of the whole: without them it is not whole ...
    nonempty = [o for o, n in zip(outs, sizes) if n]
    proc = sockconf("merge", *nonempty, "--out", str(tmp_path / "m.json"))
    assert proc.returncode == 2 and "missing" in proc.stderr, proc.stderr
    # ... nor are they a run by themselves (the whole cut into 6 of which only 5/6 and 6/6 are here)
    empty = [o for o, n in zip(outs, sizes) if not n]
    proc = sockconf("merge", *empty, "--out", str(tmp_path / "m.json"))
    assert proc.returncode == 2 and "missing" in proc.stderr, proc.stderr
    proc = sockconf("merge", *outs, "--out", str(tmp_path / "m.json"))
    assert proc.returncode == 0, proc.stderr
    assert len(json.loads((tmp_path / "m.json").read_text())["results"]) == 4


def test_merge_of_every_shard_is_the_whole_run(four, tmp_path):
    outs = []
    for i in (1, 2, 3):
        assert run_to(four, tmp_path / f"s{i}", "--shard", f"{i}/3").returncode == 0
        outs.append(str(tmp_path / f"s{i}/results.json"))
    proc = sockconf("merge", *outs, "--out", str(tmp_path / "m.json"), "--shards", "3")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads((tmp_path / "m.json").read_text())
    assert doc["complete"] is True and doc["selected"] == 4 == len(doc["results"])
    assert doc["selection"]["items"] == 4
    proc = sockconf("merge", *outs, "--out", str(tmp_path / "m.json"), "--shards", "2")
    assert proc.returncode == 2 and "cut into 3 shards, not 2" in proc.stderr


COMPAT_CASE = "compat assert_equal 1 [info exists ::flip] {tclsh 8.6.13 has ::flip}\n"


def test_a_new_compatibility_difference_under_strict_compat_fails_against_a_baseline(suite, tmp_path):
    suite.add("0002", "compat", COMPAT_CASE)
    flip = tmp_path / "flip.tcl"
    flip.write_text("set ::flip 1\n")
    base = run_to(suite, tmp_path / "base", "--target", f"t=tclsh8.6,setup={flip}", "--strict-compat")
    assert base.returncode == 0, base.stdout + base.stderr
    base_file = tmp_path / "base.json"
    base_file.write_text((tmp_path / "base/results.json").read_text())
    now = run_to(suite, tmp_path / "now", "--target", "t=tclsh8.6", "--strict-compat",
                 "--baseline", str(base_file))
    assert now.returncode == 1, now.stdout + now.stderr
    assert "regression: 0002 [t-host]" in now.stderr
    # report and diff say the same of the same files
    assert sockconf("report", "--results", str(tmp_path / "now/results.json")).returncode == 1
    assert sockconf("diff", str(base_file), str(tmp_path / "now/results.json")).returncode == 1
    # without strictness the difference is recorded, not gated
    loose = run_to(suite, tmp_path / "loose", "--target", "t=tclsh8.6", "--baseline", str(base_file))
    assert loose.returncode == 0, loose.stdout + loose.stderr


def test_an_interrupted_run_is_red_on_every_path(suite, tmp_path):
    for i in range(2, 8):
        suite.add(f"000{i}", f"slow{i}", "after 400\nassert 1\n")
    proc = subprocess.Popen([str(ROOT / "sockconf"), "run", "--cases", str(suite.dir), "--out",
                             str(suite.out), "--profile", "host"], stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    path = suite.out / "results.json"
    end = time.monotonic() + 60
    while time.monotonic() < end:
        try:
            if len(json.loads(path.read_text())["results"]) >= 2:
                break
        except (OSError, ValueError, KeyError):
            pass
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    doc = json.loads(path.read_text())
    assert doc["complete"] is False and len(doc["results"]) < 8
    assert sockconf("report", "--results", str(path)).returncode == 1
    full = tmp_path / "full"
    assert run_to(suite, full).returncode == 0
    diff = sockconf("diff", str(full / "results.json"), str(path))
    assert diff.returncode == 1 and "did not complete" in diff.stderr, diff.stderr
    merged = sockconf("merge", str(path), "--out", str(tmp_path / "m.json"))
    assert merged.returncode == 1, merged.stderr
    # a later run reaps what the SIGKILLed one left in its TMPDIR
    assert run_to(suite, tmp_path / "again", "-k", "0002").returncode == 0


def test_more_selected_than_records_is_red(suite, tmp_path):
    suite.add("0002", "b", "assert 1\n")
    assert suite.run().returncode == 0
    doc = suite.results()
    doc["selected"] = 3
    path = tmp_path / "short.json"
    path.write_text(json.dumps(doc))
    r = sockconf("report", "--results", str(path))
    assert r.returncode == 1 and "3 items selected, 1 records" in r.stderr, r.stderr
