"""The reports rendered from result documents built in code: what each page
shows, and that no text from a case or an implementation can become markup,
script or a terminal control sequence."""

import base64
import hashlib
import json
import re
from html.parser import HTMLParser

import pytest
from conftest import CLAUSE
from sockconf import SCHEMA, compare, paths, reports, spec

EVIL = "<script>alert(1)</script>"
ESC = "\x1b[2J"
QUOTES = "it's a \"quote\" ' lone"
HOSTILE = f"{EVIL} {ESC} {QUOTES} & </script><!-- \u2028"


@pytest.fixture(autouse=True)
def no_project_reports(tmp_path, monkeypatch):
    """The project's own reports/ (which may hold a real mutation.json or
    bench.json) stays out of these tests."""
    empty = tmp_path / "project-reports"
    empty.mkdir()
    monkeypatch.setattr(paths, "REPORTS", empty)
    return empty


def record(case, target, profile, verdict, message="", area="client", **extra):
    rec = {"case": case, "slug": f"slug-{case}", "target": target, "profile": profile, "verdict": verdict,
           "duration_s": 0.25, "clauses": [CLAUSE], "message": message, "observations": {},
           "measurements": {}, "compat": "unchecked", "compat_differences": [],
           "title": f"title of {case}", "path": f"cases/{area}/{case}-slug-{case}.tcl",
           "stdout": "", "stderr": "", "exit": 0, "tcl": "8.6.13"}
    rec.update(extra)
    return rec


def make_doc(results, targets=("a", "b"), profiles=("host", "dual"), **extra):
    doc = {"schema": SCHEMA, "started": "2026-11-25T00:00:00Z", "finished": "2026-11-25T00:01:00Z",
           "host": {"system": "Linux", "release": "6", "machine": "x86_64"},
           "targets": {t: {"command": ["tclsh8.6"], "version": "8.6.13"} for t in targets},
           "profiles": list(profiles), "complete": True, "strict_compat": False, "results": results}
    doc.update(extra)
    return doc


def hostile_doc():
    diff = {"message": f"wording {HOSTILE}", "expected": f"8.6 says {EVIL}", "actual": f"got {ESC}", "line": "12"}
    return make_doc([
        record("0101", "a", "host", "pass", compat="same", observations={"order": "x y"}),
        record("0101", "b", "host", "pass", compat="differs", compat_differences=[diff],
               observations={"order": "y x"}),
        record("0101", "a", "dual", "pass"),
        record("0101", "b", "dual", "pass", compat="same"),
        record("0301", "a", "host", "fail", f"bad {HOSTILE}", area="async", line="7", title=f"title {HOSTILE}",
               expected=f"exp {EVIL}", actual=f"act {ESC}", errorcode="POSIX ECONNREFUSED {connection refused}",
               stdout=f"out {HOSTILE}\nsecond line", stderr=f"err {ESC}\x07",
               observations={"error": HOSTILE}, measurements={"ms": "12"}),
        record("0301", "b", "host", "pass", area="async"),
        record("0301", "a", "dual", "skip", "requires ipv6", area="async"),
        record("0301", "b", "dual", "xfail", "known", area="async", raw_verdict="fail",
               expected_verdict="fail", expectation="a reason"),
        record("0302", "a", "host", "pass", area="async", flaky=True,
               runs=[{"verdict": "pass", "duration_s": 0.1, "message": "", "compat": "same"},
                     {"verdict": "fail", "duration_s": 0.1, "message": HOSTILE, "compat": "same"}]),
        record("0302", "b", "host", "error", "harness error: boom", area="async", harness="boom"),
    ])


class Tags(HTMLParser):
    """Every start tag of a page, with its attributes; script texts."""

    def __init__(self):
        super().__init__()
        self.tags, self.scripts, self._in = [], [], None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in = dict(attrs)
            self.scripts.append([dict(attrs), ""])

    def handle_endtag(self, tag):
        if tag == "script":
            self._in = None

    def handle_data(self, data):
        if self._in is not None:
            self.scripts[-1][1] += data


def parse(text):
    p = Tags()
    p.feed(text)
    p.close()
    return p


def data_block(page):
    """The page's JSON block, with each cell's detail completed as the page's
    script completes it (the case's shared fields, the column's target and profile)."""
    m = re.search(r'<script type="application/json" id="sc-data">(.*?)</script>', page, re.S)
    assert m, "no data block"
    data = json.loads(m.group(1))
    full = []
    for raw in data["details"]:
        d = {**data["cases"][raw["c"]], **raw}
        d["target"], d["profile"] = data["cols"][raw["col"]]
        full.append({k: v for k, v in d.items() if v is not None})
    data["details"] = full
    return data


@pytest.fixture
def pages(tmp_path):
    out = tmp_path / "out"
    reports.write_all(hostile_doc(), out)
    return out, {p.name: p.read_text(encoding="utf-8") for p in out.iterdir()}


# ---------------------------------------------------------------- hygiene

def test_write_all_writes_every_page(pages):
    out, texts = pages
    assert set(texts) == {"summary.md", "index.html", "clauses.html", "diff.html"}


def test_no_hostile_text_survives_in_any_page(pages):
    _, texts = pages
    for name, text in texts.items():
        assert EVIL not in text, name
        assert "\x1b" not in text and "\x07" not in text, name
        assert "\u2028" not in text, name
    index = texts["index.html"]
    # the data block cannot be broken out of: the only "</script>" are the real ends
    tags = parse(index)
    assert index.count("</script>") == len(tags.scripts)
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in index


def test_only_the_pages_own_scripts_can_run(pages):
    """Every executable script is one of the templates', allowed by hash in the
    page's Content-Security-Policy; nothing else (no inline handler, no script
    element from a result) is."""
    _, texts = pages
    for name in ("index.html", "clauses.html", "diff.html"):
        tags = parse(texts[name])
        csp = next(a["content"] for t, a in tags.tags if t == "meta" and a.get("http-equiv") ==
                   "Content-Security-Policy")
        assert "default-src 'none'" in csp and "unsafe-inline'" not in csp.split("script-src")[1]
        allowed = re.findall(r"'sha256-([^']+)'", csp)
        for attrs, body in tags.scripts:
            if attrs.get("type") == "application/json":
                continue
            digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
            assert digest in allowed, name
        for tag, attrs in tags.tags:
            assert not any(k.startswith("on") for k in attrs), (name, tag, attrs)
            assert not any(str(v).strip().lower().startswith("javascript:") for v in attrs.values())
        assert sum(1 for t, _ in tags.tags if t == "script") == len(tags.scripts)


def test_cell_details_keep_hostile_text_as_escaped_data(pages):
    _, texts = pages
    data = data_block(texts["index.html"])
    bad = next(d for d in data["details"] if d["case"] == "0301" and d["target"] == "a" and d["profile"] == "host")
    assert bad["message"] == "bad " + reports.textsafe.escape_controls(HOSTILE, keep_newlines=True)
    assert "\\x1b[2J" in bad["message"] and EVIL in bad["message"]      # visible, and only text for the script
    assert bad["stdout"].startswith("out <script>") and "\nsecond line" in bad["stdout"]
    assert bad["stderr"] == "err \\x1b[2J\\x07"
    assert bad["expected"] == f"exp {EVIL}" and bad["actual"] == "act \\x1b[2J"
    assert bad["path"] == "cases/async/0301-slug-0301.tcl" and bad["line"] == "7"
    assert bad["observations"] == [["error", reports.textsafe.escape_controls(HOSTILE, keep_newlines=True)]]
    assert bad["measurements"] == [["ms", "12"]]
    assert bad["duration_s"] == 0.25 and bad["errorcode"].startswith("POSIX ECONNREFUSED")


def test_attributes_and_text_are_autoescaped(pages):
    _, texts = pages
    index = texts["index.html"]
    # the failing cell's tooltip: quotes cannot end the attribute
    tags = parse(index)
    cell = next(a for t, a in tags.tags if t == "td" and "fail" in a.get("class", "").split())
    assert cell["title"].startswith("bad <script>alert(1)</script>") and "it's a \"quote\"" in cell["title"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in index
    assert "8.6 says &lt;script&gt;" in index and "got \\x1b[2J" in index


def test_summary_md_is_escaped(pages):
    _, texts = pages
    md = texts["summary.md"]
    assert "\\<script\\>" in md and "\x1b" not in md


def test_surrogates_and_controls_in_names_do_not_break_rendering(tmp_path):
    doc = make_doc([record("0101", "a\udcff", "host", "pass", stdout="\udc80\x00")], targets=("a\udcff",),
                   profiles=("host",))
    reports.write_all(doc, tmp_path)
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "a\\udcff" in index and "\\x00" in index


def test_script_json_cannot_end_its_element():
    text = reports.script_json({"x": "</script><!-- & \u2028 \u2029 >"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"x": "</script><!-- & \u2028 \u2029 >"}


# ---------------------------------------------------------------- index.html

def test_index_sections(pages):
    _, texts = pages
    index = texts["index.html"]
    for anchor in ('id="counts"', 'id="unexpected"', 'id="conformance"', 'id="compat"', 'id="matrix"',
                   'id="detail"', 'id="f-area"', 'id="f-verdict"', 'id="f-target"', 'id="f-profile"',
                   'id="only-interesting"'):
        assert anchor in index, anchor
    # counts and unexpected results come before the matrix
    assert index.index('id="counts"') < index.index('id="unexpected"') < index.index('id="matrix"')
    assert "Unexpected results (3)" in index           # the fail, the flaky pass, the harness error
    assert 'href="#cell=0301%2Ca%2Chost"' in index or 'href="#cell=0301,a,host"' in index
    assert 'href="clauses.html"' in index and 'href="diff.html"' in index
    assert 'href="mutation.html"' not in index and 'href="bench.html"' not in index


def test_conformance_per_target_and_compat_differences_apart(pages):
    _, texts = pages
    index = texts["index.html"]
    conf = index[index.index('id="conformance-table"'):index.index('id="compat"')]
    rows = re.findall(r'<tr data-target="([^"]+)">(.*?)</tr>', conf, re.S)
    assert [t for t, _ in rows] == ["a", "b"]
    # a: CLAUSE has a fail -> does not conform (0.0%); b: pass, xfail -> does not conform either
    assert "0.0%" in rows[0][1] and f"clause={CLAUSE}" in rows[0][1]
    assert '<a href="#compat-1">1 in 1 result</a>' in rows[1][1]
    compat = index[index.index('id="compat"'):index.index('id="matrix-title"')]
    assert 'id="compat-1"' in compat and "<b>b</b>: 1 difference in 1 result" in compat
    assert "8.6 says &lt;script&gt;alert(1)&lt;/script&gt;" in compat       # expected 8.6 value
    assert "got \\x1b[2J" in compat                                         # actual
    assert "cases/client/0101-slug-0101.tcl:12" in compat                   # the case line
    assert "compat-0" not in compat                                         # a has no difference


def test_matrix_cells(pages):
    _, texts = pages
    tags = parse(texts["index.html"])
    cells = [a for t, a in tags.tags if t == "td" and "v" in a.get("class", "").split() and "data-k" in a]
    assert len(cells) == 10
    classes = [set(a["class"].split()) for a in cells]
    # a pass whose compatibility differs looks different from a plain pass
    assert sum(1 for c in classes if {"pass", "cd"} <= c) == 1
    assert sum(1 for c in classes if "pass" in c and "cd" not in c) == 5
    assert sum(1 for c in classes if "fl" in c) == 1 and sum(1 for c in classes if "unexp" in c) == 3
    rows = [a for t, a in tags.tags if t == "tr" and a.get("data-case")]
    assert [(r["data-case"], r["data-area"], r["data-interesting"]) for r in rows] == \
        [("0101", "client", "0"), ("0301", "async", "1"), ("0302", "async", "1")]
    # every cell's detail is in the data block, in cell order
    data = data_block(texts["index.html"])
    assert [(d["case"], d["target"], d["profile"]) for d in data["details"]][:2] == \
        [("0101", "a", "host"), ("0101", "a", "dual")]
    flaky = next(d for d in data["details"] if d["case"] == "0302" and d["target"] == "a")
    assert flaky["flaky"] is True and [r["verdict"] for r in flaky["runs"]] == ["pass", "fail"]
    harness = next(d for d in data["details"] if d["case"] == "0302" and d["target"] == "b")
    assert harness["harness"] == "boom"
    xf = next(d for d in data["details"] if d["verdict"] == "xfail")
    assert xf["raw_verdict"] == "fail" and xf["expectation"] == "a reason"
    differs = next(d for d in data["details"] if d.get("compat") == "differs")
    assert differs["compat_differences"][0]["line"] == "12"


def test_interesting_rows_are_differences_between_targets_or_unexpected():
    doc = make_doc([record("0001", "a", "host", "pass"), record("0001", "b", "host", "pass"),
                    record("0002", "a", "host", "pass"), record("0002", "b", "host", "xfail"),
                    record("0003", "a", "host", "skip"), record("0003", "b", "host", "skip")],
                   profiles=("host",))
    rows = reports.Model(doc, spec.load()).matrix()["rows"]
    assert [(r["case"], r["interesting"]) for r in rows] == [("0001", False), ("0002", True), ("0003", False)]


def test_incomplete_and_empty_runs_render(tmp_path):
    doc = make_doc([], complete=False, status="interrupted by SIGINT", selected=4)
    reports.write_all(doc, tmp_path)
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "Incomplete run: interrupted by SIGINT" in index and "0 records of 4 selected items" in index
    assert "Every result is as expected" not in index
    assert "0 of 0 cases shown" not in index            # the count is the script's, not the template's
    assert (tmp_path / "diff.html").is_file() and (tmp_path / "clauses.html").is_file()


def test_strict_compat_makes_a_difference_unexpected(tmp_path):
    diff = {"message": "m", "expected": "x", "actual": "y", "line": "3"}
    doc = make_doc([record("0101", "a", "host", "pass", compat="differs", compat_differences=[diff])],
                   targets=("a",), profiles=("host",), strict_compat=True)
    reports.write_all(doc, tmp_path)
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "Unexpected results (1)" in index and "pass, compat differs" in index
    assert "This run gates on them" in index


# ---------------------------------------------------------------- clauses.html

def clause_bodies(page):
    return {m.group(1): m.group(0) for m in re.finditer(
        r'<tbody class="clause" id="cl-[^"]*" data-clause="([^"]+)".*?</tbody>', page, re.S)}


def test_clause_page_rows(pages):
    _, texts = pages
    page = texts["clauses.html"]
    sp = spec.load()
    bodies = clause_bodies(page)
    assert set(sp.clauses) <= set(bodies)                  # every clause of the registry
    mine = bodies[CLAUSE]
    assert f'data-strength="{sp.clauses[CLAUSE].data["strength"]}"' in mine
    assert 'data-status="fails"' in mine
    assert html_text(sp.clauses[CLAUSE].data["text"]) in mine
    states = re.findall(r'<td class="state (\w+)" data-target="(\w+)">([^<]*)</td>', mine)
    assert states == [("fail", "a", "does not conform"), ("fail", "b", "does not conform")]
    cases = re.findall(r'<tr class="case" data-case="(\d+)">', mine)
    assert cases == ["0101", "0301", "0302"]
    case_0301 = mine[mine.index('data-case="0301"'):mine.index('data-case="0302"')]
    assert ">fail 1 · skip 1<" in case_0301 and ">pass 1 · xfail 1<" in case_0301   # over the profiles
    assert "xfail" in case_0301 and 'title="host: pass, dual: xfail"' in case_0301
    assert 'href="index.html#case=0301&amp;target=a"' in case_0301
    # an untestable clause says why; a clause without a case in this run says so
    untestable = next(c for c in sp.clauses.values() if c.data.get("testable") == "false")
    assert 'data-status="untestable"' in bodies[untestable.id]
    other = next(c for c in sp.testable_clauses() if c.id != CLAUSE)
    assert 'data-status="no-result"' in bodies[other.id]


def html_text(text):
    from markupsafe import escape
    return str(escape(reports.textsafe.escape_controls(text, keep_newlines=True)))


def test_clause_named_by_a_result_but_not_in_the_registry(tmp_path):
    doc = make_doc([record("0101", "a", "host", "pass", clauses=["no.such.clause"])], targets=("a",),
                   profiles=("host",))
    reports.write_all(doc, tmp_path)
    bodies = clause_bodies((tmp_path / "clauses.html").read_text(encoding="utf-8"))
    assert 'data-status="unknown"' in bodies["no.such.clause"]
    assert "not in spec/clauses.yaml" in bodies["no.such.clause"]


# ---------------------------------------------------------------- diff.html

def diff_rows(page, pair):
    rows = []
    for m in re.finditer(r'<tr class="diffrow[^"]*" data-pair="' + pair + r'"[^>]*>(.*?)</tr>', page, re.S):
        rows.append(tuple(re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>",
                                                                             m.group(1), re.S)))
    return rows


def test_diff_page_between_targets(pages):
    _, texts = pages
    rows = diff_rows(texts["diff.html"], "p1")
    assert ("0101", "a → b", "host", "compat", "same", "line 12: got \\x1b[2J") in rows
    assert ("0101", "a → b", "host", "observe order", "x y", "y x") in rows
    assert ("0301", "a → b", "host", "verdict (better)", "fail", "pass") in rows
    assert ("0301", "a → b", "dual", "verdict", "skip", "xfail") in rows
    assert ("0302", "a → b", "host", "verdict (worse)", "pass", "error") in rows
    assert 'href="index.html#case=0301&amp;profile=host&amp;target=b"' in texts["diff.html"]
    assert "not given a baseline" in texts["diff.html"]
    assert 'value="baseline"' not in texts["diff.html"]


def test_diff_page_with_three_targets_compares_each_with_the_first(tmp_path):
    doc = make_doc([record("0001", t, "host", v) for t, v in (("a", "pass"), ("b", "fail"), ("c", "pass"))],
                   targets=("a", "b", "c"), profiles=("host",))
    reports.write_all(doc, tmp_path)
    page = (tmp_path / "diff.html").read_text(encoding="utf-8")
    assert diff_rows(page, "p1") == [("0001", "a → b", "host", "verdict (worse)", "pass", "fail")]
    assert diff_rows(page, "p2") == []
    assert "a → c: 0 differences" in page


def test_diff_page_baseline_section(tmp_path):
    old = make_doc([record("0001", "a", "host", "pass"), record("0002", "a", "host", "fail"),
                    record("0003", "a", "host", "pass")], targets=("a",), profiles=("host",))
    new = make_doc([record("0001", "a", "host", "fail", "now broken"), record("0002", "a", "host", "pass"),
                    record("0004", "a", "host", "pass", observations={"k": "v"})], targets=("a",),
                   profiles=("host",))
    cmp = compare.compare(old, new, a_name="old.json", b_name="this run")
    new["baseline"] = {"file": "old.json", **cmp.as_dict()}
    reports.write_all(new, tmp_path)
    page = (tmp_path / "diff.html").read_text(encoding="utf-8")
    assert "Baseline <span class=\"mono\">old.json</span>" in page and "<b>1 regressions</b>" in page
    rows = diff_rows(page, "baseline")
    assert ("0001", "a", "host", "verdict (worse)", "pass", "fail") in rows
    assert ("0002", "a", "host", "verdict (better)", "fail", "pass") in rows
    assert ("0004", "a", "host", "only in B", "", "pass") in rows
    assert ("0003", "a", "host", "only in A", "pass", "") in rows
    assert len(rows) == 4                  # "other differences" repeats none of them
    assert 'value="baseline"' in page
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "1 regressions, 1 fixes, 1 new" in index and 'href="diff.html#baseline"' in index
    assert "Against the baseline old.json" in (tmp_path / "summary.md").read_text(encoding="utf-8")


# ---------------------------------------------------------------- mutation and bench

MUTATION = {
    "started": "2026-11-30T10:00:00Z",
    "curated": {"total": 2, "killed": 1, "mutants": [
        {"id": "01-no-reset", "description": f"-error is never reset {EVIL}", "clause": CLAUSE,
         "patch": "reference-impl/mutants/01-no-reset.patch", "outcome": "killed",
         "killed_by": [{"case": "0301", "profile": "dual", "verdict": "fail", "message": f"m {ESC}"}],
         "seconds": 3.5, "run": 2, "selected": 9},
        {"id": "02-order", "description": "wrong order", "clause": CLAUSE, "outcome": "survived",
         "killed_by": [], "seconds": 9.0, "run": 9, "selected": 9}]},
    "generated": {"total": 3, "killed": 1, "equivalent": 1, "score": 0.5, "seed": 7, "mutants": [
        {"id": "g1", "file": "addr.c", "line": 47, "operator": "negate", "original": "if (a)",
         "mutated": "if (!a)", "outcome": "killed",
         "killed_by": [{"case": "0101", "profile": "host", "verdict": "fail", "message": ""}]},
        {"id": "g2", "file": "addr.c", "line": 50, "operator": "delete", "original": "x = 1;", "mutated": "",
         "outcome": "equivalent", "equivalent_reason": "dead store", "killed_by": []},
        {"id": "g3", "file": "channel.c", "line": 9, "operator": "off-by-one", "original": "n", "mutated": "n+1",
         "outcome": "survived", "killed_by": []}]},
}

PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9aw"
                       "AAAABJRU5ErkJggg==")

BENCH = {
    "started": "2026-11-29T08:00:00Z", "host": {"cpu": "Test CPU", "cores": 2, "system": "Linux"}, "runs": 5,
    "baseline": "tclsh8.6", "columns": ["tclsh8.6", "ref", "ceiling"],
    "ratio": "above 1.0 is better",
    "metrics": {
        "throughput-read": {"unit": "MB/s", "higher_is_better": True, "description": "256 MiB read",
                            "targets": {"tclsh8.6": {"samples": [1000, 1100], "median": 1050.0, "min": 1000,
                                                     "max": 1100, "ratio": 1.0},
                                        "ref": {"samples": [1200], "median": 1200.0, "min": 1200, "max": 1200,
                                                "ratio": 1.143},
                                        "ceiling": {"samples": [3500], "median": 3500.0, "min": 3400,
                                                    "max": 3600, "ratio": 3.333}}},
        "async-latency": {"unit": "µs", "higher_is_better": False, "description": "-async to writable",
                          "targets": {"tclsh8.6": {"samples": [50], "median": 50.0, "min": 45, "max": 55,
                                                   "ratio": 1.0},
                                      "ref": {"samples": [60], "median": 60.0, "min": 58, "max": 70,
                                              "ratio": 0.833}}}},
    "suite": {"case": "0801-wrong-arg-count", "targets": {"tclsh8.6": {"bare_start_ms": 9.5,
                                                                        "setup_start_ms": 10.1,
                                                                        "case_host_ms": 30.2,
                                                                        "overhead_host_ms": 20.7}}},
}


def test_mutation_page_from_out(tmp_path):
    doc = hostile_doc()
    (tmp_path / "mutation.json").write_text(json.dumps(MUTATION), encoding="utf-8")
    reports.write_all(doc, tmp_path)
    page = (tmp_path / "mutation.html").read_text(encoding="utf-8")
    assert EVIL not in page and "\x1b" not in page
    assert "-error is never reset &lt;script&gt;" in page
    rows = re.findall(r'<tr class="mutant (\w+)" data-kind="(\w+)" data-outcome="\w+">', page)
    assert rows == [("killed", "curated"), ("survived", "curated"), ("killed", "generated"),
                    ("equivalent", "generated"), ("survived", "generated")]
    assert 'href="index.html#case=0301">0301</a>@dual (fail)' in page
    assert "addr.c:47 negate" in page and "<code>if (!a)</code>" in page and "dead store" in page
    scores = page[page.index('id="mutation-scores"'):page.index("</table>", page.index('id="mutation-scores"'))]
    assert "<td class=\"n\">2</td><td class=\"n\">1</td>" in scores and "0.50" in scores
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert 'href="mutation.html"' in index and "curated mutants: 1 of 2 killed" in index
    assert "score 0.50" in (tmp_path / "summary.md").read_text(encoding="utf-8")


def test_mutation_and_bench_from_the_project_reports(tmp_path, no_project_reports):
    (no_project_reports / "mutation.json").write_text(json.dumps(MUTATION), encoding="utf-8")
    (no_project_reports / "bench.json").write_text(json.dumps(BENCH), encoding="utf-8")
    (no_project_reports / "bench.png").write_bytes(PNG)
    out = tmp_path / "elsewhere"
    reports.write_all(hostile_doc(), out)
    assert (out / "mutation.html").is_file() and (out / "bench.html").is_file()
    bench = (out / "bench.html").read_text(encoding="utf-8")
    assert 'src="data:image/png;base64,' + base64.b64encode(PNG).decode() + '"' in bench


def test_bench_page(tmp_path):
    (tmp_path / "bench.json").write_text(json.dumps(BENCH), encoding="utf-8")
    (tmp_path / "bench.png").write_bytes(PNG)
    (tmp_path / "bench.md").write_text("# bench\n", encoding="utf-8")
    reports.write_all(hostile_doc(), tmp_path)
    page = (tmp_path / "bench.html").read_text(encoding="utf-8")
    table = page[page.index('id="bench-table"'):page.index("</table>", page.index('id="bench-table"'))]
    heads = re.findall(r"<th>([^<]+)</th>", table)
    assert heads == ["metric", "unit", "tclsh8.6", "ref", "ceiling"]
    assert "1200 <span class=\"muted\">(1200–1200)</span><br>×1.14" in table
    assert 'class="n worse"' in table                  # ref's latency ratio below 1
    assert "<td class=\"n muted\">-</td>" in table     # no ceiling latency
    assert "Test CPU, 2 cores" in page and 'href="bench.md"' in page
    assert "<img class=\"plot\"" in page and 'id="bench-suite"' in page and "20.7" in page
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert 'href="bench.html"' in index and "Benchmarks of 2026-11-29T08:00:00Z" in index


def test_absent_side_files_and_stale_pages(tmp_path):
    (tmp_path / "mutation.html").write_text("stale", encoding="utf-8")
    (tmp_path / "bench.html").write_text("stale", encoding="utf-8")
    reports.write_all(hostile_doc(), tmp_path)
    assert not (tmp_path / "mutation.html").exists() and not (tmp_path / "bench.html").exists()
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert 'id="strength"' not in index


def test_unreadable_side_files_are_named_not_fatal(tmp_path):
    (tmp_path / "mutation.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "bench.json").write_text("[1, 2]", encoding="utf-8")
    reports.write_all(hostile_doc(), tmp_path)
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "mutation.json: not JSON" in index and "bench.json: not a JSON object" in index
    assert not (tmp_path / "mutation.html").exists() and not (tmp_path / "bench.html").exists()


def test_odd_mutation_and_bench_documents_still_render(tmp_path):
    (tmp_path / "mutation.json").write_text(json.dumps({"curated": {}, "generated": {"mutants": [7, {}]}}))
    (tmp_path / "bench.json").write_text(json.dumps({"metrics": {"x": {"targets": {"t": {"median": None}}}}}))
    reports.write_all(hostile_doc(), tmp_path)
    page = (tmp_path / "mutation.html").read_text(encoding="utf-8")
    assert '<td class="n">n/a</td>' in page and '<td class="mono">?</td>' in page
    assert "<th>t</th>" in (tmp_path / "bench.html").read_text(encoding="utf-8")


# ---------------------------------------------------------------- size

def test_a_large_run_stays_small_enough(tmp_path):
    """200 cases x 7 targets x 7 profiles: every cell and its detail, in a page
    a browser loads in a few seconds (about 1 KB a result)."""
    targets = [f"t{i}" for i in range(7)]
    profiles = ["host", "dual", "v4only", "v6only", "multihomed", "names", "unreachable"]
    results = [record(f"{c:04d}", t, p, "pass" if (c + i) % 13 else "fail", "expected 1, got 2",
                      area=("client", "async", "server")[c % 3])
               for c in range(100, 300) for i, t in enumerate(targets) for p in profiles]
    doc = make_doc(results, targets=targets, profiles=profiles)
    reports.write_all(doc, tmp_path)
    size = (tmp_path / "index.html").stat().st_size
    assert size < 9800 * 1024, size
    assert len(data_block((tmp_path / "index.html").read_text(encoding="utf-8"))["details"]) == 9800
