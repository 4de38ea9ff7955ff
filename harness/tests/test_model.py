"""The one model: the verdicts and the record, stated once and agreeing with the schema."""

import json
import re

from conftest import ROOT
from sockconf import model, record

SCHEMA = json.loads((ROOT / "spec" / "results.schema.json").read_text(encoding="utf-8"))


def test_the_schema_and_the_model_name_the_same_verdicts_and_keys():
    defs = SCHEMA["$defs"]
    assert defs["verdict"]["enum"] == list(model.VERDICTS)
    assert defs["compat"]["enum"] == list(model.COMPAT_OUTCOMES)
    assert set(defs["record"]["properties"]) == record.json_keys()
    assert set(defs["record"]["required"]) <= set(record.Record.REQUIRED)
    assert set(model.ORDER) == set(model.VERDICTS) and len(model.ORDER) == len(model.VERDICTS)
    assert set(model.EXPECTED) | set(model.EXPECTABLE) | {"xpass"} == set(model.VERDICTS)


def test_each_verdict_list_is_stated_once():
    """No module but sockconf.model spells out a list of verdicts."""
    word = "(?:pass|fail|error|timeout|crash|skip|xfail|xpass)"
    spelled = re.compile(rf'\(\s*"{word}"(?:\s*,\s*"{word}")+\s*,?\s*\)')
    found = []
    for p in (ROOT / "harness" / "sockconf").rglob("*.py"):
        if p.name == "model.py":
            continue
        for m in spelled.finditer(p.read_text(encoding="utf-8")):
            if len(set(re.findall(word, m.group(0)))) >= 3:     # a list, not a pair of words
                found.append(f"{p.name}: {m.group(0)}")
    assert found == []


def test_status_and_expectation_stay_side_by_side():
    class Exp:
        verdict, reason = "fail", "a known bug"

    class Case:
        id, slug, title, clauses = "0101", "x", "t", ["a.b"]
        path = ROOT / "cases" / "client" / "0101-x.tcl"

    r = record.Record.new(Case, "t", "host", "fail", "boom").expect(Exp)
    assert (r.status, r.expected_verdict, r.verdict) == ("fail", "fail", "xfail")
    j = r.to_json()
    assert j["verdict"] == "xfail" and j["raw_verdict"] == "fail" and j["expectation"] == "a known bug"
    assert record.Record.from_json(j).to_json() == j
    p = record.Record.new(Case, "t", "host", "pass").expect(Exp)
    assert p.verdict == "xpass" and p.message.startswith("passed, but expected fail")
    other = record.Record.new(Case, "t", "host", "crash").expect(Exp)
    assert other.verdict == "crash" and "raw_verdict" not in other.to_json()
    assert record.Record.new(Case, "t", "host", "pass").expect(None).to_json()["verdict"] == "pass"
    assert j["path"] == "cases/client/0101-x.tcl"


def test_combining_repeats_keeps_the_worst_and_marks_flaky():
    runs = [{"verdict": v, "duration_s": 0.1, "message": v, "compat": "same"} for v in ("pass", "fail", "pass")]
    out = model.combine_runs(runs)
    assert out["verdict"] == "fail" and out["flaky"] is True and len(out["runs"]) == 3
    assert model.combine_runs(runs[:1]) is runs[0]
    assert model.combine_runs([dict(runs[0]), dict(runs[0])])["flaky"] is False


def test_clause_states_and_mutant_kills():
    assert model.clause_state([])[0] == "none"
    assert model.clause_state(["skip"])[0] == "skip"
    assert model.clause_state(["pass", "skip"])[0] == "pass"
    assert model.clause_state(["pass", "xfail"])[0] == "xfail"
    assert model.clause_state(["xfail", "error"])[0] == "fail"
    assert model.kills_mutant({"verdict": "timeout"}) == "timeout"
    assert model.kills_mutant({"verdict": "pass", "compat": "differs"}) == "compat"
    assert model.kills_mutant({"verdict": "pass", "compat": "same"}) == ""


def test_proof_of_faults_turns_an_unproven_pass_into_an_error():
    assert model.proven("pass", "", "declared fault never fired: x") == ("error", "declared fault never fired: x")
    assert model.proven("fail", "m", "declared fault never fired: x") == ("fail", "m")
    assert model.proven("fail", "m", "malformed fault rule: y") == ("error", "malformed fault rule: y")
    assert model.proven("pass", "", "") == ("pass", "")
