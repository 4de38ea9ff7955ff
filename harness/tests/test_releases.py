"""The releases page: steps in release order, fixes and regressions, the same list as `diff`.

A results document written by hand holds 0901 as the issue found it: tclsh 8.6.13 (as
installed and from source) crashes, 8.6.18 and 9.0.4 never fire the event, refsock
passes; one made-up fix and regression elsewhere. No interpreter runs.
"""

import json

from conftest import ROOT, sockconf
from sockconf import releases, targets

BUILDS = {
    "tclsh8.6": (None, "8.6.13", ""),
    "tclsh8.6.13": (("8.6.13", "default"), "8.6.13", ""),
    "tclsh8.6.18": (("8.6.18", "default"), "8.6.18", ""),
    "tclsh8.6.18-nothreads": (("8.6.18", "nothreads"), "8.6.18", ""),
    "tclsh9.0.4": (("9.0.4", "default"), "9.0.4", ""),
    "tclsh9.0.4-select": (("9.0.4", "select"), "9.0.4", ""),
    "ref-8.6.18": (("8.6.18", "default"), "8.6.18", "reference-impl/setup.tcl"),
    "ref-9.0.4": (("9.0.4", "default"), "9.0.4", "reference-impl/setup.tcl"),
}
# (case, target, profile) -> (verdict, raw verdict, observations)
CRASH = ("xfail", "crash", {})
NO_EVENT = ("xfail", "fail", {"writable": "no event within 5 s"})
FIRED = ("pass", "pass", {"writable": "fired"})


def results_doc():
    recs = {}
    for t in BUILDS:
        for p in ("host", "v4only"):
            recs[("0301", t, p)] = ("pass", "pass", {"error.first": "connection refused"})
        recs[("0901", t, "host")] = ("skip", "skip", {})
    for t in ("tclsh8.6", "tclsh8.6.13"):
        recs[("0901", t, "v4only")] = CRASH
    for t in ("tclsh8.6.18", "tclsh8.6.18-nothreads", "tclsh9.0.4", "tclsh9.0.4-select"):
        recs[("0901", t, "v4only")] = NO_EVENT
    for t in ("ref-8.6.18", "ref-9.0.4"):
        recs[("0901", t, "v4only")] = FIRED
    recs[("0301", "tclsh9.0.4-select", "v4only")] = ("fail", "fail", {"error.first": "nothing"})
    recs[("0301", "tclsh8.6.18", "host")] = ("pass", "pass", {"error.first": "connection reset"})
    results = []
    for (case, t, p), (v, raw, obs) in sorted(recs.items()):
        r = {"case": case, "slug": "x", "target": t, "profile": p, "verdict": v, "duration_s": 0.1,
             "clauses": ["client.async.failure-event"], "message": "", "observations": obs}
        if raw != v:
            r["raw_verdict"] = raw
        results.append(r)
    tinfo = {}
    for t, (build, version, setup) in BUILDS.items():
        tinfo[t] = {"command": ["x"], "version": version}
        if build:
            tinfo[t]["build"] = {"release": build[0], "variant": build[1]}
        if setup:
            tinfo[t]["setup"] = setup
    return {"schema": "sockconf-results/1", "started": "2026-12-01T00:00:00Z", "finished": "x",
            "host": {"system": "Linux"}, "targets": tinfo, "profiles": ["host", "v4only"],
            "results": results}


def test_steps_follow_release_order_variants_and_the_control():
    labels = [(k, a, b) for k, _, a, b in releases.steps(results_doc())]
    assert labels == [
        ("control", "tclsh8.6", "tclsh8.6.13"),
        ("release", "tclsh8.6.13", "tclsh8.6.18"),
        ("release", "tclsh8.6.18", "tclsh9.0.4"),
        ("variant", "tclsh8.6.18", "tclsh8.6.18-nothreads"),
        ("variant", "tclsh9.0.4", "tclsh9.0.4-select"),
        ("release", "ref-8.6.18", "ref-9.0.4"),
    ]


def test_0901_shows_three_behaviours_and_where_each_changed():
    m = releases.model(results_doc())
    steps = {(s["a"], s["b"]): s for s in m["steps"]}
    change = steps[("tclsh8.6.13", "tclsh8.6.18")]
    (e,) = [e for e in change["entries"] if e["case"] == "0901"]
    assert e["kind"] == "change" and e["profiles"] == ["v4only"]
    assert {"kind": "raw verdict", "a": "crash", "b": "fail"} in e["rows"]
    assert e["cells"][0]["b"] == "index.html#cell=0901,tclsh8.6.18,v4only"
    assert not [e for e in steps[("tclsh8.6", "tclsh8.6.13")]["entries"] if e["case"] == "0901"]
    assert not [e for e in steps[("tclsh8.6.18", "tclsh9.0.4")]["entries"] if e["case"] == "0901"]
    (h,) = [h for h in m["history"] if h["case"] == "0901"]
    names = [i["name"] for i in m["implementations"]]
    cells = dict(zip(names, (c["text"] for c in h["cells"])))
    assert cells["tclsh8.6.13"].startswith("crash (v4only)")
    assert cells["tclsh9.0.4"].startswith("fail (v4only)")
    assert cells["ref-9.0.4"] == "pass · skip ×1" or cells["ref-9.0.4"].startswith("pass")


def test_fixes_regressions_and_changes_are_told_apart():
    m = releases.model(results_doc())
    steps = {(s["a"], s["b"]): s for s in m["steps"]}
    sel = steps[("tclsh9.0.4", "tclsh9.0.4-select")]
    assert [(e["case"], e["kind"]) for e in sel["entries"]] == [("0301", "regression")]
    back = releases.step_model(results_doc(), "tclsh9.0.4-select", "tclsh9.0.4",
                               {(r["case"], r["target"], r["profile"]): r for r in results_doc()["results"]})
    assert [(e["case"], e["kind"]) for e in back["entries"]] == [("0301", "fix")]
    obs = steps[("tclsh8.6.13", "tclsh8.6.18")]
    kinds = {(e["case"], e["kind"]) for e in obs["entries"]}
    assert ("0301", "change") in kinds


def test_diff_of_two_releases_gives_the_same_list(tmp_path):
    doc = results_doc()
    f = tmp_path / "results.json"
    f.write_text(json.dumps(doc), encoding="utf-8")
    m = releases.model(doc)
    for s in m["steps"]:
        proc = sockconf("diff", s["a"], s["b"], "--results", str(f))
        assert proc.returncode == 0, proc.stderr
        lines = proc.stdout.strip().splitlines()[:-1]
        from_diff = sorted(tuple(line.split("\t")) for line in lines)
        pair = s["a"] if s["a"] == s["b"] else f"{s['a']}|{s['b']}"
        from_page = sorted((f"{e['case']}/{pair}/{c['profile']}", r["kind"], r["a"], r["b"])
                           for e in s["entries"] for c in e["cells"] for r in e["rows"])
        assert from_page == from_diff, s["label"]


def test_the_page_renders_and_links_every_entry_to_its_cell(tmp_path):
    doc = results_doc()
    m = releases.render(doc, tmp_path)
    html = (tmp_path / "releases.html").read_text(encoding="utf-8")
    assert "index.html#cell=0901,tclsh8.6.18,v4only" in html
    assert "8.6.13 → 8.6.18" in html and "9.0.4: default → select" in html
    assert json.loads((tmp_path / "releases.json").read_text(encoding="utf-8"))["steps"]
    assert m["gate"]["unexpected"] == 1          # 0301's fail on the select build


def test_the_release_targets_are_computed_from_targets_toml():
    known = targets.load_all()
    chosen = [t.name for t in releases.release_targets(known)]
    for name in ("tclsh8.6.13", "tclsh8.6.16", "tclsh8.6.18", "tclsh8.6.18-nothreads", "tclsh9.0.4",
                 "tclsh9.0.4-select", "ref-8.6.13", "ref-9.0.4-select"):
        assert name in chosen
    assert chosen.index("tclsh8.6.13") < chosen.index("tclsh8.6.16") < chosen.index("tclsh9.0.4")
    assert all(known[n].build is not None or n in ("tclsh8.6", "ref", "tls") or known[n].build is None
               for n in chosen)
    assert "ref-asan" not in chosen and "ref-cov" not in chosen


def test_tls_is_a_release_target_after_the_socket_it_is_layered_on():
    known = targets.load_all()
    chosen = [t.name for t in releases.release_targets(known)]
    assert "tls" in chosen
    assert chosen.index("tclsh8.6") < chosen.index("tls")
    assert chosen.count("tls") == 1


def test_the_layer_step_socket_to_tls_lists_what_tls_changes():
    doc = results_doc()
    doc["targets"]["tls"] = {"command": ["x"], "version": "8.6.13", "setup": "harness/tls/setup.tcl"}
    for p in ("host", "v4only"):
        doc["results"].append({**next(r for r in doc["results"] if (r["case"], r["target"], r["profile"])
                                      == ("0301", "tclsh8.6", p)), "target": "tls"})
    doc["results"].append({"case": "0901", "slug": "x", "target": "tls", "profile": "host",
                           "verdict": "skip", "duration_s": 0.1, "clauses": [], "message": "",
                           "observations": {}})
    doc["results"].append({"case": "0901", "slug": "x", "target": "tls", "profile": "v4only",
                           "verdict": "fail", "duration_s": 0.1, "clauses": ["client.async.failure-event"],
                           "message": "m", "observations": {"writable": "no event within 5 s"}})
    (layer,) = [s for s in releases.steps(doc) if s[0] == "layer"]
    assert layer[1:] == ("tclsh8.6 → tls (socket → tls)", "tclsh8.6", "tls")
    m = releases.model(doc)
    step = next(s for s in m["steps"] if (s["a"], s["b"]) == ("tclsh8.6", "tls"))
    assert [(e["case"], e["kind"], e["profiles"]) for e in step["entries"]] == [("0901", "change", ["v4only"])]
    assert "tls" in [i["name"] for i in m["implementations"]]


def test_strict_targets_are_marked_and_their_differences_gate(tmp_path):
    doc = results_doc()
    doc["results"][0]["compat"] = "differs"
    doc["results"][0]["compat_differences"] = [{"message": "m", "expected": "a", "actual": "b", "line": "3"}]
    strict_target = doc["results"][0]["target"]
    known = {strict_target: targets.Target(name=strict_target, command=["x"], strict_compat=True)}
    releases.mark_strict(doc, known)
    assert releases.judge(doc)["unexpected"] == 2


def test_a_missing_build_is_one_line_naming_its_command(tmp_path):
    env_root = tmp_path / "empty-cache"
    import os
    import subprocess
    proc = subprocess.run([str(ROOT / "sockconf"), "run", "--target", "tclsh8.6.16", "-k", "0801",
                           "--out", str(tmp_path / "out")], capture_output=True, text=True,
                          env={**os.environ, "SOCKCONF_CACHE": str(env_root)}, timeout=60)
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1
    assert "ci/build-tcl.sh DIR/tcl8.6_8.6.16+dfsg.orig.tar.gz" in proc.stderr


def test_refsock_in_tcl9_may_differ_only_where_its_interpreter_does():
    """compat_of: refsock in Tcl 9.0 reports Tcl 9.0's texts at the checks where tclsh9.0
    itself differs from 8.6.13; a difference at any other check is refsock's own."""
    doc = results_doc()
    known = {"ref-9.0.4": targets.Target(name="ref-9.0.4", command=["x"], compat_of="tclsh9.0.4")}

    def differ(target, line):
        rec = next(r for r in doc["results"] if (r["case"], r["target"], r["profile"]) ==
                   ("0301", target, "host"))
        rec["compat"] = "differs"
        rec.setdefault("compat_differences", []).append(
            {"message": "m", "expected": "host is unreachable", "actual": "no route to host", "line": line})

    differ("tclsh9.0.4", "7")
    differ("ref-9.0.4", "7")
    assert releases.compat_problems(doc, known) == []
    differ("ref-9.0.4", "9")
    (line,) = releases.compat_problems(doc, known)
    assert line.startswith("0301 [ref-9.0.4-host] compat differs where tclsh9.0.4 does not (line 9")
    del doc["targets"]["tclsh9.0.4"]
    doc["results"] = [r for r in doc["results"] if r["target"] != "tclsh9.0.4"]
    assert len(releases.compat_problems(doc, known)) == 1
    assert not releases.judge(doc, known)["ok"]
