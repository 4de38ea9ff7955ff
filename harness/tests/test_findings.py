"""The README's Findings section: generated from spec/findings.yaml, naming real cases,
and checkable against a run's results (harness/sockconf/findings.py)."""

import copy

import pytest

from conftest import ROOT
from sockconf import findings


@pytest.fixture(scope="module")
def doc():
    return findings.load()


def test_readme_block_is_rendered_from_the_findings(doc):
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    _, block, _ = findings.readme_block(text)
    expected = findings.render(doc)
    expected = expected if expected.endswith("\n") else expected + "\n"
    assert block == expected, "README.md is stale: run ./sockconf findings"


def test_findings_heading_precedes_the_block_and_layout_follows():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    heading = text.index("\n## Findings\n")
    assert heading < text.index(findings.BEGIN) < text.index(findings.END) < text.index("\n## Layout\n")


def test_every_case_named_exists(doc):
    cases = findings.case_paths()
    named = [(f["id"], c) for f in doc["findings"] for c in f["cases"]]
    named += [(f["id"], v["case"]) for f in doc["findings"]
              for v in f["observed"].values() if "case" in v]
    missing = [f"{fid}: {c}" for fid, c in named if c not in cases]
    assert not missing, "findings name cases that do not exist: " + ", ".join(missing)


def test_at_least_twelve_findings_name_cases(doc):
    with_cases = [f for f in doc["findings"] if f["cases"]]
    assert len(with_cases) >= 12


def test_every_finding_records_values_for_each_target(doc):
    for f in doc["findings"]:
        assert set(doc["recorded_by_all"]) <= set(f["observed"]) <= set(doc["targets"]), f["id"]
        for target, values in f["observed"].items():
            assert "verdict" in values, f"{f['id']}: {target} has no recorded verdict"


@pytest.mark.parametrize("text", [
    "Placeholder for the argument-precedence work",
    "refsock is being brought to the same order by that work",
    "the numbers will be filled in",
    "TODO: measure",
    "values still to be measured",
])
def test_placeholder_or_future_tense_text_is_refused(tmp_path, doc, text):
    bad = copy.deepcopy(doc)
    bad["findings"][0]["summary"] = "The manual says so. " + text + "."
    import yaml
    path = tmp_path / "findings.yaml"
    path.write_text(yaml.safe_dump(bad), encoding="utf-8")
    with pytest.raises(findings.FindingsError) as err:
        findings.load(path)
    assert bad["findings"][0]["id"] in str(err.value) and "summary" in str(err.value)


def test_quoted_words_and_past_facts_are_not_refused():
    assert findings.unfinished('The manual: "the socket will be created immediately".') is None
    assert findings.unfinished("refsock follows that order in all 552 observations") is None
    assert findings.unfinished("refsock will follow") is not None


def test_implementations_that_behave_alike_share_a_column(doc):
    f = {"cases": ["0901"], "profile": "v4only", "observed": {
        "tclsh8.6": {"verdict": "xfail", "raw_verdict": "crash"},
        "tclsh8.6.18": {"verdict": "xfail", "raw_verdict": "fail"},
        "tclsh9.0.4": {"verdict": "xfail", "raw_verdict": "fail"},
        "ref": {"verdict": "pass"}}}
    cols = findings.columns(f, doc["targets"])
    assert [labels for labels, _ in cols] == [
        [doc["targets"]["tclsh8.6"]], [doc["targets"]["tclsh8.6.18"], doc["targets"]["tclsh9.0.4"]],
        [doc["targets"]["ref"]]]
    head = findings._value_table(f, doc["targets"])[0]
    assert head.count("|") == 5


def _results_for(doc):
    """A results document that shows exactly what the findings recorded (one record per
    case/target/profile, holding what every finding citing it recorded)."""
    records = {}
    for f in doc["findings"]:
        for target, v in f["observed"].items():
            key = (v.get("case", f["cases"][0]), target, v.get("profile", f["profile"]))
            rec = records.setdefault(key, {
                "case": key[0], "target": target, "profile": key[2], "verdict": v["verdict"],
                "compat": "unchecked", "observations": {}, "compat_differences": []})
            if "raw_verdict" in v:
                rec["raw_verdict"] = v["raw_verdict"]
            if "compat" in v:
                rec["compat"] = v["compat"]
            rec["observations"].update(v.get("observations", {}))
            rec["compat_differences"] += [dict(d, message="m", line="1")
                                          for d in v.get("compat_differences", [])]
    return {"results": list(records.values())}


def test_check_accepts_results_that_show_the_recorded_values(doc):
    assert findings.check(doc, _results_for(doc)) == []


def test_check_masks_ports_and_channel_names_as_the_diff_does(doc):
    doc = copy.deepcopy(doc)
    f = next(f for f in doc["findings"] if f["id"] == "enotconn-after-failed-async")
    f["observed"]["ref"]["observations"]["peer"] = "sock55d0a1 {127.0.0.1 localhost 40001}"
    results = _results_for(doc)
    rec = next(r for r in results["results"] if r["case"] == "0310" and r["target"] == "ref")
    rec["observations"]["peer"] = "sock5600ff {127.0.0.1 localhost 51234}"
    assert findings.check(doc, results) == []
    rec["observations"]["peer"] = "sock5600ff {127.0.0.2 localhost 51234}"
    assert len(findings.check(doc, results)) == 1


@pytest.mark.parametrize("change, words", [
    (lambda r: r.update(verdict="fail"), "verdict fail"),
    (lambda r: r["observations"].update({"writable": "fired"}), "observation writable"),
    (lambda r: r.update(raw_verdict="timeout"), "raw verdict timeout"),
])
def test_check_reports_a_changed_value(doc, change, words):
    results = _results_for(doc)
    rec = next(r for r in results["results"] if r["case"] == "0901" and r["target"] == "tclsh9.0.4")
    change(rec)
    problems = findings.check(doc, results)
    assert len(problems) == 1 and words in problems[0]
    assert problems[0].startswith("async-fallback-dead-address: 0901/tclsh9.0.4/v4only")


def test_check_reports_a_missing_result_and_a_lost_compat_difference(doc):
    results = _results_for(doc)
    results["results"] = [r for r in results["results"]
                          if not (r["case"] == "0901" and r["target"] == "ref")]
    rec = next(r for r in results["results"] if r["case"] == "0154" and r["target"] == "tclsh9.0.4")
    rec["compat_differences"] = []
    problems = findings.check(doc, results)
    assert any("0901/ref/v4only: no result" in p for p in problems)
    assert any("0154/tclsh9.0.4/unreachable: no compatibility difference" in p for p in problems)


def test_main_with_results_exits_1_on_a_mismatch(tmp_path, doc, capsys):
    import json
    results = _results_for(doc)
    good = tmp_path / "good.json"
    good.write_text(json.dumps(results))
    assert findings.main(["--results", str(good)]) == 0
    results["results"][0]["verdict"] = "error"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(results))
    assert findings.main(["--results", str(bad)]) == 1
    assert "verdict error" in capsys.readouterr().out


def test_load_rejects_an_unknown_target_and_a_missing_key(tmp_path, doc):
    import yaml
    bad = copy.deepcopy(doc)
    bad["findings"][0]["observed"]["tclsh7"] = {"verdict": "pass"}
    p = tmp_path / "f.yaml"
    p.write_text(yaml.safe_dump(bad))
    with pytest.raises(findings.FindingsError, match="unknown target 'tclsh7'"):
        findings.load(p)
    bad = copy.deepcopy(doc)
    del bad["findings"][1]["summary"]
    p.write_text(yaml.safe_dump(bad))
    with pytest.raises(findings.FindingsError, match="'summary' is missing"):
        findings.load(p)


def test_write_readme_replaces_only_the_block(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(f"# x\n\n## Findings\n\n{findings.BEGIN}\nold\n{findings.END}\n\n## Layout\n")
    assert findings.write_readme(readme, block="\nnew\n") is True
    assert readme.read_text() == f"# x\n\n## Findings\n\n{findings.BEGIN}\nnew\n{findings.END}\n\n## Layout\n"
    assert findings.write_readme(readme, block="\nnew\n") is False
