"""Expectations that span releases, and `expectations update` that keeps what it did not see.

An expectations file may hold several entries per case ([["0901"]] tables), each about
the versions its tcl glob matches and the profiles it names; the first that applies
decides. `expectations update` writes such entries, and removes one only when the run
saw its case pass in every profile it names - a run of one profile, of another patch
level, or on a machine that cannot run a profile says nothing of the others.
These tests use real case ids (0901, 0301) and results documents written by hand; no
interpreter runs.
"""

import json

import pytest

from conftest import ROOT, sockconf
from sockconf import expectations, targets
from sockconf.errors import ConfigError
from sockconf.profiles import REGISTRY

ALL = list(REGISTRY)

TWO_RELEASES = '''\
[["0901"]]
verdict = "crash"
tcl = "8.6.13"
reason = "8.6.13 aborts"
profiles = ["v4only"]

[["0901"]]
verdict = "fail"
tcl = "8.6.*"
reason = "later 8.6 releases never fire the event"
profiles = ["v4only"]
'''


def doc_of(version, verdicts, target="t", messages=None):
    """A results document of TARGET at VERSION: {(case, profile): raw verdict}."""
    results = []
    for (case, profile), raw in verdicts.items():
        rec = {"case": case, "slug": "x", "target": target, "profile": profile, "verdict": raw,
               "duration_s": 0.1, "clauses": [], "message": (messages or {}).get((case, profile), ""),
               "observations": {}}
        results.append(rec)
    return {"schema": "sockconf-results/1", "started": "2026-12-01T00:00:00Z",
            "host": {"system": "Linux"}, "targets": {target: {"command": ["x"], "version": version}},
            "profiles": sorted({p for _, p in verdicts}), "results": results}


def everywhere(case, verdict, **special):
    return {(case, p): special.get(p, verdict) for p in ALL}


def update(tmp_path, text, doc, target="t"):
    """Run `./sockconf expectations update` on TEXT with DOC: (exit status, output, new text)."""
    exp = tmp_path / "exp.toml"
    if text is not None:
        exp.write_text(text, encoding="utf-8")
    res = tmp_path / "results.json"
    res.write_text(json.dumps(doc), encoding="utf-8")
    proc = sockconf("expectations", "update", "--target", target, "--results", str(res),
                    "--file", str(exp))
    return proc, exp.read_text(encoding="utf-8") if exp.exists() else None


def entries_of(text, tmp_path, name="check.toml"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return targets.load_expectations(p, allow_placeholder=True)


# ---------------------------------------------------------------- loading and matching

def test_several_entries_first_match_decides_and_another_version_gets_none(tmp_path):
    entries = entries_of(TWO_RELEASES, tmp_path)["0901"]
    assert [e.verdict for e in entries] == ["crash", "fail"]
    assert targets.first_match(entries, "v4only", "8.6.13").verdict == "crash"
    assert targets.first_match(entries, "v4only", "8.6.18").verdict == "fail"
    assert targets.first_match(entries, "host", "8.6.18") is None
    assert targets.first_match(entries, "v4only", "9.0.4") is None
    assert entries[1].where.endswith(":7")


def test_an_entry_may_name_the_build_variant_it_is_about(tmp_path):
    """Debian's tclsh 8.6.13 aborts in 0901 (a fortified build), the same release built
    from source fails: one file, told apart by variant."""
    text = ('[["0901"]]\nverdict = "crash"\ntcl = "8.6.13"\nvariant = "installed"\nreason = "r"\n'
            '[["0901"]]\nverdict = "fail"\ntcl = "8.6.*"\nvariant = "default"\nreason = "r"\n')
    entries = entries_of(text, tmp_path)["0901"]
    assert targets.first_match(entries, "v4only", "8.6.13").verdict == "crash"
    assert targets.first_match(entries, "v4only", "8.6.13", "default").verdict == "fail"
    assert targets.first_match(entries, "v4only", "8.6.18", "nothreads") is None
    with pytest.raises(ConfigError) as err:
        entries_of('["0901"]\nverdict = "fail"\ntcl = "*"\nvariant = "epoll"\nreason = "r"\n', tmp_path)
    assert "variant must be" in str(err.value)


def test_an_update_of_a_build_names_its_variant_and_leaves_the_others(tmp_path):
    text = ('["0901"]\nverdict = "crash"\ntcl = "8.6.13"\nvariant = "installed"\nreason = "fortified"\n'
            'profiles = ["v4only"]\n')
    doc = doc_of("8.6.13", everywhere("0901", "pass", v4only="fail"))
    doc["targets"]["t"]["build"] = {"release": "8.6.13", "variant": "default"}
    proc, new = update(tmp_path, text, doc)
    entries = entries_of(new, tmp_path)["0901"]
    assert [(e.variant, e.verdict) for e in entries] == [("installed", "crash"), ("default", "fail")]
    assert entries[0].reason == "fortified"


def test_a_target_judges_with_the_entry_for_its_version(tmp_path):
    exp = tmp_path / "exp.toml"
    exp.write_text(TWO_RELEASES, encoding="utf-8")
    t = targets.Target(name="x", command=["tclsh8.6"], expectations_file=exp)
    t.expectations = None
    for version, want in (("8.6.13", "crash"), ("8.6.16", "fail"), ("9.0.4", None)):
        t.version = version
        got = t.expected("0901", "v4only")
        assert (got.verdict if got else None) == want


@pytest.mark.parametrize("text, words", [
    ('[["0901"]]\nverdict = "fail"\ntcl = "8.6.*"\nreason = "r"\n'
     '[["0901"]]\nverdict = "crash"\ntcl = "8.6.13"\nreason = "r"\n', "line 1 applies first"),
    ('[["0901"]]\nverdict = "fail"\ntcl = "*"\nreason = "r"\nprofiles = ["v4only", "dual"]\n'
     '[["0901"]]\nverdict = "crash"\ntcl = "9.0.4"\nreason = "r"\nprofiles = ["dual"]\n', "never used"),
    ('[["0901"]]\nverdict = "fail"\ntcl = "8.6.13"\nreason = "r"\n'
     '[["0901"]]\nverdict = "nope"\ntcl = "8.6.18"\nreason = "r"\n', "exp.toml:5"),
    ('[["0901"]]\nverdict = "fail"\nreason = "r"\n', "needs tcl"),
])
def test_a_shadowed_or_malformed_entry_is_refused_with_its_line(tmp_path, text, words):
    exp = tmp_path / "exp.toml"
    exp.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        targets.load_expectations(exp)
    assert words in str(err.value)


# ---------------------------------------------------------------- update keeps what it did not see

def test_a_host_run_does_not_remove_an_entry_about_another_profile(tmp_path):
    """The bug of issue 15: "removed 0901: it passes now" after a --profile host run."""
    text = '["0901"]\nverdict = "crash"\ntcl = "8.6.13"\nreason = "hand-written"\nprofiles = ["v4only"]\n'
    proc, new = update(tmp_path, text, doc_of("8.6.13", {("0901", "host"): "pass"}))
    assert proc.returncode == 0, proc.stderr
    assert "removed" not in proc.stdout
    assert entries_of(new, tmp_path)["0901"][0].reason == "hand-written"


def test_a_run_of_another_patch_level_sees_nothing_of_the_entry_and_adds_its_own(tmp_path):
    text = '["0901"]\nverdict = "crash"\ntcl = "8.6.13"\nreason = "8.6.13 aborts"\nprofiles = ["v4only"]\n'
    doc = doc_of("8.6.18", everywhere("0901", "pass", v4only="fail"))
    proc, new = update(tmp_path, text, doc)
    assert proc.returncode == 0, proc.stderr
    entries = entries_of(new, tmp_path)["0901"]
    assert [(e.tcl, e.verdict, e.profiles) for e in entries] == [
        ("8.6.13", "crash", ["v4only"]), ("8.6.18", "fail", ["v4only"])]
    assert entries[0].reason == "8.6.13 aborts"
    assert entries[1].reason == expectations.PLACEHOLDER
    assert '[["0901"]]' in new
    # and a second run of the same changes nothing
    proc, again = update(tmp_path, None, doc)
    assert again == new and "added" not in proc.stdout


def test_an_entry_is_removed_only_when_it_passed_in_every_profile_it_names(tmp_path):
    text = ('["0301"]\nverdict = "fail"\ntcl = "8.6.13"\nreason = "hand-written"\n'
            'profiles = ["v4only", "dual"]\n')
    proc, new = update(tmp_path, text, doc_of("8.6.13", {("0301", "dual"): "pass",
                                                         ("0301", "v4only"): "fail"}))
    assert [e.profiles for e in entries_of(new, tmp_path)["0301"]] == [["v4only"]]
    assert "narrowed" in proc.stdout
    proc, new = update(tmp_path, None, doc_of("8.6.13", {("0301", "v4only"): "pass"}))
    assert "0301" not in entries_of(new, tmp_path) and "removed 0301" in proc.stdout


def test_an_entry_without_profiles_needs_every_profile_covered_to_go(tmp_path):
    text = '["0301"]\nverdict = "fail"\ntcl = "*"\nreason = "hand-written"\n'
    # every profile passes but one that this machine cannot run: the entry stays for it
    doc = doc_of("8.6.13", everywhere("0301", "pass", unreachable="skip"),
                 messages={("0301", "unreachable"): "profile unreachable unavailable: not root"})
    proc, new = update(tmp_path, text, doc)
    assert [e.profiles for e in entries_of(new, tmp_path)["0301"]] == [["unreachable"]]
    # a skip that is the case's own (it cannot run there) does not keep it
    doc = doc_of("8.6.13", everywhere("0301", "pass", unreachable="skip"),
                 messages={("0301", "unreachable"): "requires ipv6, which profile unreachable "
                                                    "does not offer"})
    proc, new = update(tmp_path, text, doc)
    assert "0301" not in entries_of(new, tmp_path) and "removed 0301" in proc.stdout


def test_a_failure_everywhere_gets_one_entry_without_profiles_only_when_all_were_run(tmp_path):
    proc, new = update(tmp_path, None, doc_of("9.0.4", {("0301", "host"): "fail"}))
    assert [(e.profiles, e.tcl) for e in entries_of(new, tmp_path)["0301"]] == [(["host"], "9.0.4")]
    proc, new = update(tmp_path, "", doc_of("9.0.4", everywhere("0301", "fail")))
    assert [e.profiles for e in entries_of(new, tmp_path)["0301"]] == [None]


def test_a_changed_verdict_on_the_same_version_changes_the_entry_and_keeps_its_reason(tmp_path):
    text = '["0901"]\nverdict = "fail"\ntcl = "9.0.4"\nreason = "hand-written"\nprofiles = ["v4only"]\n'
    proc, new = update(tmp_path, text, doc_of("9.0.4", {("0901", "v4only"): "crash"}))
    (e,) = entries_of(new, tmp_path)["0901"]
    assert (e.verdict, e.reason) == ("crash", "hand-written")
    assert "check it" in proc.stdout


def test_an_entry_about_a_glob_gets_a_new_entry_ahead_of_it_for_another_verdict(tmp_path):
    text = '["0901"]\nverdict = "fail"\ntcl = "8.6.*"\nreason = "hand-written"\nprofiles = ["v4only"]\n'
    proc, new = update(tmp_path, text, doc_of("8.6.13", {("0901", "v4only"): "crash"}))
    entries = entries_of(new, tmp_path)["0901"]
    assert [(e.tcl, e.verdict) for e in entries] == [("8.6.13", "crash"), ("8.6.*", "fail")]


def test_harness_failures_and_machine_skips_are_no_evidence(tmp_path):
    text = '["0301"]\nverdict = "fail"\ntcl = "*"\nreason = "hand-written"\nprofiles = ["dual"]\n'
    doc = doc_of("8.6.13", {("0301", "dual"): "error", ("0301", "host"): "fail"})
    doc["results"][0]["harness"] = "profile dual could not be set up"
    proc, new = update(tmp_path, text, doc)
    entries = entries_of(new, tmp_path)["0301"]
    assert [(e.verdict, e.profiles) for e in entries] == [("fail", ["dual"]), ("fail", ["host"])]
    assert "harness failure" in proc.stdout


def test_results_of_a_case_that_does_not_exist_are_refused(tmp_path):
    proc, new = update(tmp_path, None, doc_of("8.6.13", {("9998", "host"): "fail"}))
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1
    assert "9998" in proc.stderr and "does not exist" in proc.stderr
    assert new is None


def test_two_records_of_one_item_are_refused(tmp_path):
    doc = doc_of("8.6.13", {("0301", "host"): "fail"})
    doc["results"].append(dict(doc["results"][0], verdict="pass"))
    proc, _ = update(tmp_path, None, doc)
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1
    assert "twice" in proc.stderr or "second record" in proc.stderr


def test_the_built_in_files_load_and_use_the_entries_they_hold():
    for path in sorted((ROOT / "harness" / "expectations").glob("*.toml")):
        for case_id, entries in targets.load_expectations(path).items():
            assert entries, (path, case_id)
