"""The reports rendered from result documents built in code: what each page
shows, and that no text from a case or an implementation can become markup,
script or a terminal control sequence."""

import base64
import hashlib
import html
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
    assert set(texts) == {"summary.md", "index.html", "clauses.html", "diff.html", "junit.xml"}


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
    for anchor in ('id="verdict"', 'id="overview"', 'id="known"', 'id="counts"', 'id="unexpected"',
                   'id="conformance"', 'id="compat"', 'id="matrix"', 'id="detail"', 'id="f-area"',
                   'id="f-verdict"', 'id="f-target"', 'id="f-profile"', 'id="only-interesting"'):
        assert anchor in index, anchor
    # the verdict, who fails what, the known and the unexpected results come before the matrix
    order = [index.index(f'id="{a}"') for a in ("verdict", "overview", "known", "unexpected", "matrix")]
    assert order == sorted(order)
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
    compat = index[index.index('id="compat"'):]
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
    assert ">fail 1 · skip 1<" in case_0301 and ">xfail 1 · pass 1<" in case_0301   # over the profiles, worst first
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

def diff_rows(page, a, b):
    """The cells of the diff page's rows of comparison A -> B ("*", "*": the baseline's)."""
    rows = []
    for m in re.finditer(r'<tr class="diffrow[^"]*" data-a="' + re.escape(a) + r'" data-b="' + re.escape(b)
                         + r'"[^>]*>(.*?)</tr>', page, re.S):
        rows.append(tuple(re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>",
                                                                             m.group(1), re.S)))
    return rows


def test_diff_page_between_targets(pages):
    _, texts = pages
    rows = diff_rows(texts["diff.html"], "a", "b")
    assert ("0101", "host", "compat", "same", "line 12: got \\x1b[2J") in rows
    assert ("0101", "host", "observe order", "x y", "y x") in rows
    assert ("0301", "host", "verdict (better)", "fail", "pass") in rows
    assert ("0301", "dual", "verdict", "skip", "xfail") in rows
    assert ("0302", "host", "verdict (worse)", "pass", "error") in rows
    assert 'href="index.html#case=0301&amp;profile=host&amp;target=b"' in texts["diff.html"]
    assert "not given a baseline" in texts["diff.html"]
    # the other way round, worse and better swap
    back = diff_rows(texts["diff.html"], "b", "a")
    assert ("0301", "host", "verdict (worse)", "pass", "fail") in back
    assert ("0302", "host", "verdict (better)", "error", "pass") in back


def test_diff_page_compares_every_pair_of_targets(tmp_path):
    doc = make_doc([record("0001", t, "host", v) for t, v in (("a", "pass"), ("b", "fail"), ("c", "pass"))],
                   targets=("a", "b", "c"), profiles=("host",))
    reports.write_all(doc, tmp_path)
    page = (tmp_path / "diff.html").read_text(encoding="utf-8")
    assert diff_rows(page, "a", "b") == [("0001", "host", "verdict (worse)", "pass", "fail")]
    assert diff_rows(page, "b", "c") == [("0001", "host", "verdict (better)", "fail", "pass")]
    assert diff_rows(page, "a", "c") == []
    assert "a → c: 0 differences" in page
    sections = re.findall(r'<section class="pair" id="pair-\d+" data-a="(\w)" data-b="(\w)">', page)
    assert sections == [("a", "b"), ("a", "c"), ("b", "a"), ("b", "c"), ("c", "a"), ("c", "b")]
    # the reader picks A and B; A starts as the first target
    assert '<select id="f-a" data-filter="a" data-default="a">' in page and '<select id="f-b" data-filter="b">' in page


def test_diff_page_lists_the_profiles_of_one_difference_once(tmp_path):
    profiles = ("host", "dual", "v4only")
    doc = make_doc([record("0956", t, p, "pass", observations={"error.first": v})
                    for p in profiles for t, v in (("a", "host is unreachable"), ("b", "no buffer space"))]
                   + [record("0957", t, "dual", "pass", observations={"k": t}) for t in ("a", "b")],
                   profiles=profiles)
    reports.write_all(doc, tmp_path)
    page = (tmp_path / "diff.html").read_text(encoding="utf-8")
    rows = diff_rows(page, "a", "b")
    assert rows == [("0956", "host, dual, v4only", "observe error.first", "host is unreachable", "no buffer space"),
                    ("0957", "dual", "observe k", "a", "b")]
    assert "2 differences (4 over the profiles)" in page
    assert 'href="index.html#case=0956&amp;profile=host%2Cdual%2Cv4only&amp;target=b"' in page


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
    rows = diff_rows(page, "*", "*")
    assert ("0001", "a", "host", "verdict (worse)", "pass", "fail") in rows
    assert ("0002", "a", "host", "verdict (better)", "fail", "pass") in rows
    assert ("0004", "a", "host", "only in B", "", "pass") in rows
    assert ("0003", "a", "host", "only in A", "pass", "") in rows
    assert len(rows) == 4                  # "other differences" repeats none of them
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


# ---------------------------------------------------------------- the first screen

def known_doc():
    """Two targets: a has a known failure of 0301 (in one profile), b an unexpected one."""
    return make_doc([
        record("0101", "a", "host", "pass"), record("0101", "b", "host", "pass"),
        record("0101", "a", "dual", "pass"),
        record("0101", "b", "dual", "skip", "requires x, which profile dual does not offer"),
        record("0301", "a", "host", "pass", area="async"),
        record("0301", "a", "dual", "xfail", "m", area="async", raw_verdict="crash", expected_verdict="crash",
               expectation=f"a reason {EVIL}"),
        record("0301", "b", "host", "fail", "broken", area="async", line="3"),
        record("0301", "b", "dual", "pass", area="async"),
    ])


def test_banner_names_the_known_failures(tmp_path):
    doc = known_doc()
    doc["results"] = [r for r in doc["results"] if r["target"] == "a"]
    doc["targets"].pop("b")
    h = reports.headline(doc, spec.load())
    assert h["state"] == "ok"
    assert reports.headline_text(h) == "Every result is as expected; a: 1 clause fail, known: 0301."
    reports.write_all(doc, tmp_path)
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    banner = index[index.index('id="verdict"'):index.index("</p>", index.index('id="verdict"'))]
    assert 'class="banner ok"' in banner and "<strong>Every result is as expected</strong>" in banner
    assert '<b>a</b>: 1 clause fail, known: <a href="#known">0301</a>' in banner
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert summary.splitlines()[2] == "**Every result is as expected; a: 1 clause fail, known: 0301.**"


def test_banner_with_unexpected_results():
    h = reports.headline(known_doc(), spec.load())
    assert h["state"] == "bad"
    assert reports.headline_text(h) == ("1 unexpected result (b: 1); a: 1 clause fail, known: 0301; "
                                        "b: 1 clause fail (1 unexpectedly).")


def test_overview_has_a_bar_per_target_and_an_area_table(tmp_path):
    reports.write_all(known_doc(), tmp_path)
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    table = index[index.index('<table id="overview"'):index.index("</table>", index.index('<table id="overview"'))]
    heads = re.findall(r'<th scope="col" class="ohead" data-target="(\w+)">(.*?)</th>', table, re.S)
    assert [t for t, _ in heads] == ["a", "b"]
    testable = len(spec.load().testable_clauses())
    for t, head in heads:
        svg = re.search(r'<svg class="bar"[^>]*role="img" aria-label="([^"]+)"><title>[^<]+</title>(.*?)</svg>',
                        head, re.S)
        assert svg, head
        rects = re.findall(r'<rect class="b-(\w+)" x="([\d.]+)" y="0" width="([\d.]+)"', svg.group(2))
        assert rects[0][0] == "none" and rects[0][2] == "100"          # the frame, then the segments
        # the one clause of these cases is known on a, failing on b; the rest not exercised
        want = "xfail" if t == "a" else "fail"
        assert [c for c, _, _ in rects[1:]] == [want, "skip"]
        assert float(rects[1][2]) == pytest.approx(100.0 / testable, abs=0.001)
        assert float(rects[2][1]) == pytest.approx(100.0 / testable, abs=0.001)
        assert f"{t}: 0 of {testable} testable clauses conform" in svg.group(1)
    rows = re.findall(r'<tr(?: class="total")?><th scope="row">([^<]+)</th>(.*?)</tr>', table, re.S)
    assert [a for a, _ in rows] == ["client", "async", "all areas"]          # in case-number order

    def cell(area, target):
        tds = re.findall(r'<td class="ocell">(.*?)</td>', dict(rows)[area], re.S)
        return [(m.group(1), html.unescape(m.group(2) or ""), m.group(3)) for m in re.finditer(
            r'<(?:a|span) class="oc (\w+)"(?: href="([^"]*)")?>(\d+)', tds[["a", "b"].index(target)])]

    assert cell("async", "a") == [("pass", "#area=async&target=a&verdict=pass", "1"),
                                  ("known", "#area=async&target=a&verdict=xfail", "1"),
                                  ("zero", "", "0"), ("zero", "", "0")]
    assert cell("async", "b")[2] == ("unexpected", "#area=async&target=b&verdict=unexpected", "1")
    assert cell("client", "b") == [("pass", "#area=client&target=b&verdict=pass", "1"), ("zero", "", "0"),
                                   ("zero", "", "0"), ("skip", "#area=client&target=b&verdict=skip", "1")]
    assert cell("all areas", "a")[:2] == [("pass", "#target=a&verdict=pass", "3"),
                                          ("known", "#target=a&verdict=xfail", "1")]


def test_known_failures_are_listed_with_their_reasons(tmp_path):
    reports.write_all(known_doc(), tmp_path)
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    known = index[index.index('id="known"'):index.index('id="unexpected"')]
    assert "Known failures (1)" in known
    assert '<a class="mono" href="#cell=0301%2Ca%2Cdual">0301-slug-0301</a>' in known
    assert '<span class="badge crash">crash</span> in dual' in known
    assert "a reason &lt;script&gt;alert(1)&lt;/script&gt;" in known and EVIL not in known
    assert f'href="clauses.html#clause={CLAUSE}"' in known
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert "## Known failures (1)" in summary
    assert (f"- a: 0301-slug-0301 gives crash in dual (clauses {CLAUSE}): a reason \\<script\\>alert(1)"
            "\\</script\\>") in summary


def test_one_verdict_order_everywhere(pages):
    """xfail outranks skip wherever the worst of several verdicts is shown, and
    every list of verdicts (legend, columns, filters) is in the one order."""
    from sockconf import model
    order = model.ORDER
    assert reports.VERDICT_ORDER is order
    assert set(order) == set(model.VERDICTS) and set(reports.VERDICT_MARK) == set(order)
    assert reports._verdict_summary(["skip", "xfail", "pass"])[0] == "xfail"
    assert reports._verdict_summary(["skip", "pass"])[0] == "skip"
    assert reports._verdict_summary(["xfail", "fail"])[0] == "fail"
    _, texts = pages
    index = texts["index.html"]
    legend = index[index.index('id="matrix-legend"'):index.index("</p>", index.index('id="matrix-legend"'))]
    assert re.findall(r'<span class="badge (\w+)">', legend)[:len(order)] == list(order)
    counts = index[index.index('class="counts"'):]
    shown = re.findall(r'<th class="n (\w+)">', counts[:counts.index("</tr>")])
    assert shown == [v for v in order if v in shown]
    sel = index[index.index('id="f-verdict"'):index.index("</select>", index.index('id="f-verdict"'))]
    listed = [v for v in re.findall(r'<option value="(\w+)">', sel) if v in order]
    assert listed == [v for v in order if v in listed]


def test_terminal_summary_keeps_skip_reasons_short_and_ends_with_the_verdict():
    profiles = ["host", "dual", "v4only", "v6only", "multihomed", "names", "unreachable"]
    results = [record(f"{c:04d}", "a", p, "skip", f"requires cap{c % 9}, which profile {p} does not offer")
               for c in range(100, 160) for p in profiles]
    results.append(record("0200", "a", "host", "pass"))
    doc = make_doc(results, targets=("a",), profiles=profiles)
    full = reports.summary_md(doc)
    term = reports.terminal_summary(doc)
    def section(text):
        return text.split("## Skip reasons")[1].split("\n\n")[1].splitlines()

    assert len(section(full)) == 9         # every reason, its profiles folded in
    assert "- 49 × requires cap1, which profile P does not offer (host, dual, v4only, v6only, multihomed, " \
           "names, unreachable)" in full
    short = section(term)
    assert len(short) == 5 and short[-1].startswith("- ") and "5 other reasons: summary.md has them all" in short[-1]
    assert term.rstrip().splitlines()[-1] == "Every result is as expected; a: its one exercised clause conforms."
    assert "**Every result" in full and "**Every result" not in term


# ---------------------------------------------------------------- identity and baselines

SUITE = {"version": "1.5.0", "commit": "0123456789abcdef0123-dirty", "spec_version": "2", "cases": 226,
         "case_set": "sha256:aaaabbbbccccdddd"}


def test_pages_show_the_suite_identity(tmp_path):
    reports.write_all(make_doc([record("0101", "a", "host", "pass")], targets=("a",), profiles=("host",),
                               suite=SUITE), tmp_path)
    for name in ("index.html", "clauses.html", "diff.html"):
        page = (tmp_path / name).read_text(encoding="utf-8")
        assert ("sockconf 1.5.0 (commit 0123456789ab-dirty), spec version 2, 226 cases "
                "(case set sha256:aaaabbbbcccc).") in page, name
    assert "sockconf 1.5.0 (commit 0123456789ab-dirty)" in (tmp_path / "summary.md").read_text(encoding="utf-8")


def test_a_baseline_from_another_suite_is_named_as_such(tmp_path):
    old = make_doc([record("0001", "a", "host", "pass")], targets=("a",), profiles=("host",),
                   suite=dict(SUITE, version="1.4.0", case_set="sha256:bbbbbbbbbbbb"))
    new = make_doc([record("0001", "a", "host", "pass")], targets=("a",), profiles=("host",), suite=SUITE)
    compare.attach_baseline(new, old, "old.json")
    reports.write_all(new, tmp_path)
    text = "The baseline comes from another suite: sockconf 1.4.0"
    assert text in (tmp_path / "diff.html").read_text(encoding="utf-8")
    assert text in (tmp_path / "index.html").read_text(encoding="utf-8")
    assert text in (tmp_path / "summary.md").read_text(encoding="utf-8")
    same = make_doc([record("0001", "a", "host", "pass")], targets=("a",), profiles=("host",), suite=SUITE)
    compare.attach_baseline(same, json.loads(json.dumps(new)), "same.json")
    assert reports.other_suite(same.get("suite"), same["baseline"].get("suite")) == ""


# ---------------------------------------------------------------- source lines and links

def test_sources_keep_the_lines_around_each_named_line(tmp_path):
    from sockconf import sources
    case = tmp_path / "cases" / "async" / "0301-x.tcl"
    case.parent.mkdir(parents=True)
    case.write_text("".join(f"line {i} {EVIL if i == 9 else ''}\n" for i in range(1, 31)), encoding="utf-8")
    diff = {"message": "m", "expected": "x", "actual": "y", "line": "25"}
    doc = make_doc([record("0301", "a", "host", "fail", "bad", line="9", path=str(case)),
                    record("0301", "a", "dual", "pass", compat="differs", compat_differences=[diff],
                           path=str(case)),
                    record("0101", "a", "host", "pass")], targets=("a",))
    sources.attach(doc)
    lines = doc["sources"][str(case)]["lines"]
    assert list(lines) == [str(i) for i in list(range(6, 13)) + list(range(22, 29))]
    assert lines["9"] == f"line 9 {EVIL}" and "cases/client/0101-slug-0101.tcl" not in doc["sources"]
    # merged documents keep both sides' lines
    other = {"sources": {"cases/x.tcl": {"lines": {"1": "a"}}}}
    assert set(sources.union([doc, other])) == {str(case), "cases/x.tcl"}
    # the page carries them for the detail, as data (escaped), not markup
    reports.write_all(doc, tmp_path / "out")
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    data = data_block(index)
    assert data["sources"][str(case)]["9"] == f"line 9 {EVIL}"
    assert EVIL not in index


def test_case_links_use_the_source_url_or_none(tmp_path, monkeypatch):
    doc = make_doc([record("0101", "a", "host", "pass")], targets=("a",), profiles=("host",), suite=SUITE)
    monkeypatch.delenv(reports.SOURCE_URL_ENV, raising=False)
    reports.write_all(doc, tmp_path / "plain")
    page = (tmp_path / "plain" / "index.html").read_text(encoding="utf-8")
    assert data_block(page)["source_url"] == "" and 'href="../' not in page and "file://" not in page
    url = "https://example.org/sockconf/blob/{commit}/{path}#L{line}"
    monkeypatch.setenv(reports.SOURCE_URL_ENV, url)
    reports.write_all(doc, tmp_path / "linked")
    data = data_block((tmp_path / "linked" / "index.html").read_text(encoding="utf-8"))
    assert data["source_url"] == url and data["commit"] == SUITE["commit"].removesuffix("-dirty")
    with pytest.raises(reports_errors().ConfigError, match="must be an http"):
        reports.source_url_template("javascript:alert(1)/{path}")
    monkeypatch.setenv(reports.SOURCE_URL_ENV, "file:///etc/{path}")
    reports.write_all(doc, tmp_path / "bad")
    page = (tmp_path / "bad" / "index.html").read_text(encoding="utf-8")
    assert f"{reports.SOURCE_URL_ENV} ignored" in page and data_block(page)["source_url"] == ""


def reports_errors():
    from sockconf import errors
    return errors


def test_target_paths_in_results_are_relative_to_the_checkout(tmp_path):
    from sockconf import targets
    t = targets.load_all()["ref"]
    t.version = "8.6.13"
    described = t.describe()
    assert described["setup"] == "reference-impl/setup.tcl"
    outside = tmp_path / "mine.tcl"
    t.setup = outside
    assert not t.describe()["setup"].startswith("/")


# ---------------------------------------------------------------- junit.xml

def junit_tree(path):
    from lxml import etree
    return etree.parse(str(path))


def test_junit_is_valid_against_the_schema_and_laid_out_per_target(pages):
    from sockconf import junit
    out, texts = pages
    assert junit.validate(out / "junit.xml") == []
    root = junit_tree(out / "junit.xml").getroot()
    assert root.tag == "testsuites" and root.get("name") == "sockconf"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["a", "b"]
    a = suites[0]
    assert (a.get("tests"), a.get("failures"), a.get("errors"), a.get("skipped")) == ("5", "2", "0", "1")
    props = {p.get("name"): p.get("value") for p in a.find("properties")}
    assert props["tcl"] == "8.6.13" and props["profiles"] == "host dual"
    assert props["clauses async.0301-slug-0301"] == CLAUSE
    cases = {(c.get("classname"), c.get("name")): c for c in a.findall("testcase")}
    fail = cases[("async.0301-slug-0301", "0301-slug-0301[host]")]
    f = fail.find("failure")
    assert f.get("type") == "fail" and "\n" not in f.get("message")
    assert f.get("message").startswith("bad <script>alert(1)</script> \\x1b[2J")
    assert f.text.startswith("cases/async/0301-slug-0301.tcl:7: fail: bad ")
    assert "expected: exp <script>" in f.text and "-errorcode: POSIX ECONNREFUSED" in f.text
    assert fail.find("system-out").text.startswith("out <script>")
    assert fail.find("system-err").text == "err \\x1b[2J\\x07"
    flaky = cases[("async.0302-slug-0302", "0302-slug-0302[host]")].find("failure")
    assert flaky.get("type") == "flaky" and "pass, fail" in flaky.get("message")
    skip = cases[("async.0301-slug-0301", "0301-slug-0301[dual]")].find("skipped")
    assert skip.get("type") == "skip" and skip.get("message") == "requires ipv6" and skip.text is None
    b = {(c.get("classname"), c.get("name")): c for c in suites[1].findall("testcase")}
    xf = b[("async.0301-slug-0301", "0301-slug-0301[dual]")].find("skipped")
    assert xf.get("type") == "xfail" and xf.get("message") == "fail, as expected: a reason"
    err = b[("async.0302-slug-0302", "0302-slug-0302[host]")].find("error")
    assert err.get("type") == "error" and "harness: boom" in err.text
    assert b[("client.0101-slug-0101", "0101-slug-0101[host]")].find("failure") is None   # not --strict-compat
    assert "sockconf.record" not in texts["junit.xml"]


def test_junit_has_no_machine_paths_and_survives_what_xml_cannot_hold(tmp_path):
    from sockconf import junit, paths
    nasty = "nul \x00 bell \x07 \ufffe \udcff end"
    doc = make_doc([record("0101", "a", "host", "error", nasty, path=str(paths.ROOT / "cases/client/0101-x.tcl"),
                           stdout=nasty, line="3"),
                    record("0102", "a", "host", "fail", "m", path="/somewhere/else/client/0102-y.tcl", line="4")],
                   targets=("a",), profiles=("host",))
    doc["targets"]["a"]["setup"] = "reference-impl/setup.tcl"
    junit.write(doc, tmp_path / "junit.xml")
    assert junit.validate(tmp_path / "junit.xml") == []
    text = (tmp_path / "junit.xml").read_text(encoding="utf-8")
    assert str(paths.ROOT) not in text and "/somewhere" not in text
    assert "cases/client/0101-x.tcl:3" in text and "client/0102-y.tcl:4" in text
    assert "nul \\x00 bell \\x07 \\ufffe \\udcff end" in text


def test_junit_is_smaller_than_results_json(tmp_path):
    profiles = ["host", "dual", "v4only", "v6only", "multihomed", "names", "unreachable"]
    results = [record(f"{c:04d}", t, p, ("pass", "pass", "skip", "fail")[c % 4], "expected 1, got 2",
                      area=("client", "async", "server")[c % 3], stdout="some output\n" * 3)
               for c in range(100, 200) for t in ("a", "b") for p in profiles]
    doc = make_doc(results, profiles=profiles)
    out = tmp_path / "out"
    out.mkdir()
    (out / "results.json").write_text(json.dumps(doc, indent=1), encoding="utf-8")
    reports.write_all(doc, out)
    from sockconf import junit
    assert junit.validate(out / "junit.xml") == []
    assert (out / "junit.xml").stat().st_size < (out / "results.json").stat().st_size / 2


# ---------------------------------------------------------------- the terminal

def test_progress_lines_get_the_time_left(tmp_path):
    import io
    import os
    import time
    from sockconf import progress
    previous = {(f"{c:04d}", "a", "host"): 1.0 for c in range(100, 110)}
    previous[("9999", "other", "host")] = 50.0               # another target: not counted
    now = tmp_path / "results.json"
    now.write_text(json.dumps({"selected": 10, "results": [
        {"case": f"{c:04d}", "target": "a", "profile": "host"} for c in range(100, 102)]}), encoding="utf-8")
    est = progress.Estimate(previous, now, {"a"}, {"host"})
    assert est.text() == ""                                   # the clock starts at the first records
    est.start = (time.monotonic() - 4.0, 0.0)                 # 2 one-second items in 4 s, 8 left
    est._last = (0.0, "")
    assert est.text() == "about 0:16 left"
    r, w = os.pipe()
    dst = io.BytesIO()
    dst.close = lambda: None
    thread = progress.relay(r, dst, est)
    for part in (b"..s..", b"...   [ 2", b"0%]\n", b"FAILED x [tclsh8.6-host]\n", b"tail [ no newline"):
        os.write(w, part)
        time.sleep(0.05)
    os.close(w)
    thread.join(5)
    os.close(r)
    assert dst.getvalue() == (b"..s.....   [ 20%, about 0:16 left]\nFAILED x [tclsh8.6-host]\n"
                              b"tail [ no newline")
    assert progress.relay.__doc__ and progress.previous_durations(tmp_path / "none.json") == {}
    assert progress.clock(3725) == "1:02:05" and progress.clock(65) == "1:05"


def test_a_refused_pytest_argument_gives_pytest_s_reason():
    from sockconf import run
    err = (b"ERROR: usage: __main__.py [options] [file_or_dir] [file_or_dir] [...]\n"
           b"__main__.py: error: unrecognized arguments: --lf\n  inifile: /dev/null\n  rootdir: /dev\n")
    text = run.refusal(err)
    assert text.startswith("unrecognized arguments: --lf (") and "without its cache" in text
    assert run.refusal(err.replace(b"--lf", b"--bogus=1")) == "unrecognized arguments: --bogus=1"
    assert run.refusal(b"ERROR: file or directory not found: x\n") == "file or directory not found: x"


def test_the_junit_check_can_fail(tmp_path):
    """What pytest's --junitxml used to write (file/line attributes and nested
    properties on a test case) is refused by the schema the check uses."""
    from sockconf import junit
    bad = tmp_path / "bad.xml"
    bad.write_text('<testsuites><testsuite name="s" tests="1" failures="0" errors="0">'
                   '<testcase name="n" file="cases/x.tcl" line="3"><properties><property name="a" value="b"/>'
                   '</properties></testcase></testsuite></testsuites>', encoding="utf-8")
    problems = junit.validate(bad)
    assert len(problems) == 3, problems            # the three errors per test case of issue 20
    assert "attribute 'file'" in problems[0] and "attribute 'line'" in problems[1]
    assert "'properties': This element is not expected" in problems[2]


def test_diff_of_two_runs_of_different_suites_says_so(tmp_path):
    from conftest import sockconf
    a = make_doc([record("0001", "a", "host", "pass")], targets=("a",), profiles=("host",),
                 suite=dict(SUITE, version="1.4.0"))
    b = make_doc([record("0001", "a", "host", "pass")], targets=("a",), profiles=("host",), suite=SUITE)
    (tmp_path / "a.json").write_text(json.dumps(a), encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps(b), encoding="utf-8")
    proc = sockconf("diff", str(tmp_path / "a.json"), str(tmp_path / "b.json"))
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.startswith("sockconf: note: A comes from another suite: sockconf 1.4.0")
    assert "; B: sockconf 1.5.0" in proc.stderr
    proc = sockconf("diff", str(tmp_path / "b.json"), str(tmp_path / "b.json"))
    assert proc.returncode == 0 and proc.stderr == ""
