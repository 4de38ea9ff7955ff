"""Self-tests of the mutation machinery (sockconf.mutation): the smoke of `make check`.

The smoke runs two mutants of reference-impl/mutants/smoke.toml through the whole
pipeline (patch, build from a copy of the pristine build, run cases, judge): one the
suite kills and one equivalent that must survive. The other tests exercise the pieces
that decide a run's figures (stale patches, selection by coverage, the generator's
determinism and stable ids, the HTML table) on small synthetic inputs.
"""

import json
import re
import subprocess

import pytest

from conftest import ROOT
from sockconf import mutation, reports, spec


def test_smoke_kills_one_and_keeps_the_equivalent(tmp_path):
    out = tmp_path / "smoke.json"
    proc = subprocess.run([str(ROOT / "sockconf"), "mutation", "smoke", "--work", str(tmp_path / "work"),
                           "--out", str(out)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(out.read_text())
    outcomes = {m["id"]: (m["outcome"], m["expected"]) for m in doc["mutants"]}
    assert outcomes == {"12-error-never-reset": ("killed", "killed"),
                        "equivalent-eagain": ("survived", "survived")}
    killed = next(m for m in doc["mutants"] if m["outcome"] == "killed")
    assert killed["killed_by"][0]["case"] == "0302"
    survivor = next(m for m in doc["mutants"] if m["outcome"] == "survived")
    assert survivor["run"] == survivor["selected"] == 2, "the survivor ran every case it was given"
    assert doc["seconds"] < 60


def test_curated_patches_name_a_testable_clause():
    registry = spec.load()
    curated = mutation.curated_mutants()
    assert len(curated) >= 30
    for m in curated:
        assert m.clause in registry.clauses, f"{m.patch.name}: unknown clause {m.clause}"
        assert registry.clauses[m.clause].data.get("testable") != "false", m.patch.name
        assert m.description


def test_a_patch_that_no_longer_applies_is_stale(tmp_path):
    patch = tmp_path / "99-gone.patch"
    patch.write_text("Breaks: a line that is not there\nClause: option.error.reset\n"
                     "--- a/channel.c\n+++ b/channel.c\n@@ -1,3 +1,3 @@\n no such line\n-at all\n+here\n"
                     " either\n")
    m = mutation.curated_mutants(tmp_path)[0]
    mutation.apply_patch(m, mutation.read_sources())
    assert m.problem.startswith("stale:")
    entry = mutation.run_mutant(None, m, plan=None)
    assert entry["outcome"] == "stale"


def test_a_patch_without_its_header_is_refused(tmp_path):
    (tmp_path / "98-bare.patch").write_text("--- a/channel.c\n+++ b/channel.c\n")
    with pytest.raises(mutation.ConfigError, match="Breaks: and Clause:"):
        mutation.curated_mutants(tmp_path)


SOURCE = """\
static int
Pick(
    int a,
    int b)
{
    if (a < b) {
\treturn ECONNREFUSED;
    }
    b = a + 1;
    return 0;
}
"""


def synthetic_coverage(text, shift=0):
    lines = [n + shift for n in range(1, len(text.splitlines()) + 1)]
    return {"functions": {"x.c": [["Pick", 2 + shift, 11 + shift]]},
            "covered": {"x.c": lines}, "executable": {"x.c": lines}, "items": []}


def test_generated_sample_is_deterministic_and_ids_survive_line_shifts():
    cov = synthetic_coverage(SOURCE)
    one = [m.id for m in mutation.sample_generated({"x.c": SOURCE}, cov, seed=3)]
    again = [m.id for m in mutation.sample_generated({"x.c": SOURCE}, cov, seed=3)]
    other = [m.id for m in mutation.sample_generated({"x.c": SOURCE}, cov, seed=4)]
    assert one == again and sorted(one) == sorted(other) and one != other
    ops = {m.operator for m in mutation.sample_generated({"x.c": SOURCE}, cov, seed=3)}
    assert {"negate", "relop", "off-by-one", "delete", "constant", "return-early"} <= ops
    shifted = "/* a comment */\n\n" + SOURCE
    moved = [m.id for m in mutation.sample_generated({"x.c": shifted}, synthetic_coverage(SOURCE, 2), seed=3)]
    assert moved == one, "ids name the line's text, not its number"
    first = mutation.sample_generated({"x.c": SOURCE}, cov, seed=3)[0]
    assert first.sources["x.c"].splitlines()[first.line - 1] == first.mutated


def test_operators_leave_comments_and_strings_alone():
    text = 'static void\nF(void)\n{\n    g("a < b", 1); /* if (x) < 2 */\n}\n'
    cands = mutation.candidates_for("y.c", text, {4}, [("F", 2, 5)])
    assert {c.operator for c in cands} == {"off-by-one", "delete", "return-early"}
    assert all('"a < b"' in c.mutated and "/* if (x) < 2 */" in c.mutated for c in cands
               if c.operator == "off-by-one")


def test_selection_takes_the_items_that_run_the_changed_lines():
    cov = {"functions": {"x.c": [["F", 10, 20]]}, "executable": {"x.c": [11, 12, 13, 15]},
           "items": [{"case": "0001", "profile": "host", "verdict": "pass", "compat": "same",
                      "duration_s": 0.1, "lines": {"x.c": [11, 12]}},
                     {"case": "0002", "profile": "host", "verdict": "pass", "compat": "same",
                      "duration_s": 0.1, "lines": {"x.c": [11, 13]}},
                     {"case": "0003", "profile": "dual", "verdict": "fail", "compat": "same",
                      "duration_s": 0.1, "lines": {"x.c": [11, 12, 13]}}]}
    m = mutation.Mutant(id="m", kind="generated", description="", changes={"x.c": ({12}, set())})
    assert [i["case"] for i in mutation.select_items(m, cov)] == ["0001"], \
        "only passing items that run line 12"
    m.changes = {"x.c": ({14}, set())}     # not executable: the statements around it (13, 15)
    assert [i["case"] for i in mutation.select_items(m, cov)] == ["0002"]
    m.changes = {"x.c": ({3}, set())}      # outside every function: every usable item
    assert {i["case"] for i in mutation.select_items(m, cov)} == {"0001", "0002"}
    m.changes = {"refsock.h": ({3}, set())}
    assert mutation.relevant_lines(m, cov) is None


def test_the_mutation_page_escapes_and_counts():
    """mutation.html (reports' page of a mutation.json) shows what the mutants say as text."""
    doc = {"curated": {"total": 1, "killed": 1, "mutants": [
               {"id": "01-<x>", "description": "<script>alert(1)</script>", "clause": "c",
                "outcome": "killed", "killed_by": [{"case": "0301", "profile": "host", "verdict": "fail"}]}]},
           "generated": {"total": 2, "killed": 1, "equivalent": 1, "score": 1.0, "seed": 10, "mutants": [
               {"id": "g1", "file": "a.c", "line": 3, "operator": "negate", "mutated": "if (!(a & b))",
                "outcome": "equivalent", "equivalent_reason": "same & value", "killed_by": []}]}}
    page = reports._render("mutation.html", page="mutation", meta={}, nav={"mutation": True}, problems=[],
                           mutation=reports.mutation_model(doc))
    body = page[page.index("<main"):]
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))
    assert "<script>alert" not in body and "&lt;script&gt;alert(1)" in body and "if (!(a &amp; b))" in body
    assert "generated (seed 10) 2 1 1 1.00" in text and "0301 @host (fail)" in text


def test_the_gate_fails_on_a_stale_or_surviving_curated_mutant_and_a_low_score():
    def doc(curated, gen_killed, gen_equivalent, gen_total):
        gen = [{"id": f"g{i}", "description": "", "outcome": "killed", "killed_by": [{"case": "0301"}]}
               for i in range(gen_killed)]
        gen += [{"id": f"e{i}", "description": "", "outcome": "equivalent", "equivalent_reason": "r"}
                for i in range(gen_equivalent)]
        gen += [{"id": f"s{i}", "description": "", "outcome": "survived"}
                for i in range(gen_total - gen_killed - gen_equivalent)]
        return {"curated": mutation.section(curated, "curated"), "generated": mutation.section(gen, "generated")}

    killed = {"id": "01", "description": "d", "outcome": "killed"}
    assert mutation.verdict_of(doc([killed], 50, 5, 60)) == []          # 50 / 55 = 0.91
    assert mutation.verdict_of(doc([killed], 45, 0, 60))                # 45 / 60 = 0.75
    stale = {"id": "02", "description": "d", "outcome": "stale", "problem": "stale: ..."}
    assert any("02 stale" in p for p in mutation.verdict_of(doc([killed, stale], 50, 5, 60)))
    survivor = {"id": "03", "description": "d", "outcome": "survived"}
    assert any("03 survived" in p for p in mutation.verdict_of(doc([survivor], 50, 5, 60)))
    notes = mutation.warnings_of(doc([killed], 50, 5, 60))
    assert len(notes) == 5 and all("survived" in n for n in notes)


def test_runnable_follows_the_plugins_eligibility_rule():
    """Worker.runnable asks plugin.skip_reason: a case whose frontmatter's profiles: leaves
    out a profile is not run there, although its requires and params hold."""
    cases = mutation.load_cases()
    only = next(c for c in cases.values() if c.profiles == ["host", "dual"])
    target = mutation.ref_target("ref-check", ROOT / "reference-impl" / "build" / "ref")
    worker = mutation.Worker("mrun")
    try:
        assert worker.runnable(only, target, "host")
        free = next(p for p in mutation.profiles.REGISTRY if p not in only.profiles)
        assert not worker.runnable(only, target, free)
        assert free not in worker.contexts, "excluded before any profile is started"
    finally:
        worker.close()


SOCKET_SOURCE = """\
static int
Open(
    Tcl_Interp *interp,
    Tcl_Obj *acceptCmd,
    Tcl_Channel channel,
    RsSocket *sockPtr)
{
    Tcl_DString script;
    int fd, code;

    if (bind(fd, addr, len) < 0) {
\tclose(fd);
\treturn sockPtr->bestError;
    }
    RsCreateChannel(sockPtr, 0);
    Tcl_DStringAppend(&script, Tcl_GetString(acceptCmd), -1);
    code = Tcl_EvalEx(interp, Tcl_DStringValue(&script),
\t    Tcl_DStringLength(&script), 0);
    Tcl_UnregisterChannel(interp, channel);
    close(fd);
    return code;
}
"""


def test_socket_operators_model_their_bugs():
    cands = mutation.candidates_for("s.c", SOCKET_SOURCE, set(range(1, 30)), [("Open", 2, 22)])
    by_op = {}
    for c in cands:
        by_op.setdefault(c.operator, []).append(c)
    assert [c.line for c in by_op["drop-close"]] == [12], "only the close on the error path"
    assert any(c.line == 20 for c in by_op["delete"]), "the close of the normal path is a plain delete"
    assert not any(c.line == 12 for c in by_op["delete"]), "no duplicate of the drop-close"
    assert [c.line for c in by_op["skip-unregister"]] == [19]
    assert by_op["swap-error"][0].mutated.strip() == "return sockPtr->storedError;"
    assert {c.line for c in by_op["eval-as-list"]} == {16, 18}
    assert "Tcl_ListObjGetElements(NULL, acceptCmd" in next(c for c in by_op["eval-as-list"] if c.line == 16).mutated
    assert "TCL_EVAL_GLOBAL" in next(c for c in by_op["eval-as-list"] if c.line == 18).mutated
    assert by_op["widen-mask"][0].mutated.strip() == "RsCreateChannel(sockPtr, TCL_READABLE | TCL_WRITABLE);"


def test_parts_of_a_run_merge_into_one(tmp_path):
    def part(i, entries):
        doc = {"schema": mutation.SCHEMA, "started": f"2026-01-0{i}T00:00:00Z", "seconds": 10.0,
               "sources": "s", "part": f"{i}/2",
               "curated": mutation.section([e for e in entries if e["id"].startswith("c")], "curated"),
               "generated": {**mutation.section([e for e in entries if e["id"].startswith("g")], "generated"),
                             "seed": 10, "count": "all", "stillborn": [{"id": f"x{i}"}]}}
        path = tmp_path / f"p{i}.json"
        path.write_text(json.dumps(doc))
        return str(path)
    k = {"description": "", "outcome": "killed", "killed_by": [{"case": "0301"}]}
    files = [part(1, [{"id": "c1", **k}, {"id": "g1", **k}]),
             part(2, [{"id": "g2", **k}, {"id": "g3", "description": "", "outcome": "survived"}])]
    out = tmp_path / "all.json"
    assert mutation.main(["merge", *files, "--out", str(out)]) == 1, "0.67 is below the threshold"
    doc = json.loads(out.read_text())
    assert (doc["curated"]["total"], doc["generated"]["total"], doc["generated"]["killed"]) == (1, 3, 2)
    assert len(doc["generated"]["stillborn"]) == 2 and doc["seconds"] == 20.0
    assert doc["missing_parts"] == []


def test_a_merge_applies_the_marks_of_now_and_names_missing_parts(tmp_path, monkeypatch):
    def part(i, n, entries):
        doc = {"schema": mutation.SCHEMA, "started": f"2026-01-0{i}T00:00:00Z", "seconds": 10.0,
               "sources": "s", "part": f"{i}/{n}", "curated": mutation.section([], "curated"),
               "generated": {**mutation.section(entries, "generated"), "seed": 10, "count": "all",
                             "stillborn": []}}
        path = tmp_path / f"p{i}-{n}.json"
        path.write_text(json.dumps(doc))
        return str(path)
    k = {"description": "", "outcome": "killed", "killed_by": [{"case": "0301"}]}
    s = {"description": "", "outcome": "survived", "killed_by": []}
    old_mark = {"description": "", "outcome": "equivalent", "killed_by": [], "equivalent_reason": "old"}
    files = [part(1, 3, [{"id": "g1", **k}, {"id": "g2", **s}]),
             part(3, 3, [{"id": "g3", **s}, {"id": "g4", **old_mark}, {"id": "g5", **k}])]
    monkeypatch.setattr(mutation, "load_equivalents", lambda: {"g2": "marked after the run", "g5": "wrong"})
    out = tmp_path / "all.json"
    mutation.main(["merge", *files, "--out", str(out)])
    doc = json.loads(out.read_text())
    by = {e["id"]: e for e in doc["generated"]["mutants"]}
    assert by["g2"]["outcome"] == "equivalent" and by["g2"]["equivalent_reason"] == "marked after the run"
    assert by["g4"]["outcome"] == "survived" and "equivalent_reason" not in by["g4"], "its mark is gone"
    assert by["g5"]["outcome"] == "killed" and "a case kills it" in by["g5"]["problem"]
    assert (doc["generated"]["equivalent"], doc["generated"]["survived"], doc["generated"]["score"]) == (1, 2, 0.5)
    assert doc["missing_parts"] == ["2/3"], "a partial run says so"
    assert mutation.main(["merge", files[0], files[0], "--out", str(out)]) == 2, "a part given twice"
