"""The one model: the verdicts and the record, stated once and agreeing with the schema."""

import ast
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


# ---------------------------------------------------------------- the package's shape

PACKAGE = ROOT / "harness" / "sockconf"
LAZY_ALLOWED = {"matplotlib", "matplotlib.pyplot"}     # bench's chart only: a heavy optional import


def _module_name(path):
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


def _imports(path):
    """(top-level, nested) imports of the file at PATH: lists of (line, module) where module
    is what the statement names, resolved to an absolute name for relative imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = _module_name(path) if path.name == "__init__.py" else _module_name(path).rpartition(".")[0]
    top_nodes = {id(n) for n in tree.body}
    top, nested = [], []
    for node in ast.walk(tree):
        if not isinstance(node, (ast.Import, ast.ImportFrom)):
            continue
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif node.level:
            base = package.split(".")[:len(package.split(".")) - (node.level - 1)]
            mod = ".".join(base + ([node.module] if node.module else []))
            names = [f"{mod}.{a.name}" for a in node.names] + [mod]
        else:
            names = [f"{node.module}.{a.name}" for a in node.names] + [node.module]
        (top if id(node) in top_nodes else nested).append((node.lineno, names))
    return top, nested


def test_imports_are_at_the_top_and_the_modules_form_no_cycle():
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph = {}
    for name, path in modules.items():
        top, nested = _imports(path)
        late = [f"{path.relative_to(ROOT)}:{line}: import of {names[-1]}" for line, names in nested
                if not set(names) & LAZY_ALLOWED]
        assert not late, "imports inside functions (hoist them; a cycle is a design problem): " + "; ".join(late)
        graph[name] = {n for _, names in top for n in names if n in modules and n != name}
    # a depth-first search for a back edge
    state = {}

    def visit(n, trail):
        state[n] = "open"
        for m in sorted(graph[n]):
            if name_is_package(m, n):
                continue
            if state.get(m) == "open":
                raise AssertionError("import cycle: " + " -> ".join(trail + [m]))
            if m not in state:
                visit(m, trail + [m])
        state[n] = "done"

    def name_is_package(m, n):
        return n.startswith(m + ".")      # a submodule importing its own package's __init__

    for n in sorted(graph):
        if n not in state:
            visit(n, [n])
    assert "sockconf.model" in graph and graph["sockconf.model"] <= {"sockconf"}, \
        "the model stands alone: " + ", ".join(sorted(graph["sockconf.model"]))
