"""junit.xml, written from a results document for CI systems that read JUnit.

`./sockconf run`, `report` and `merge` write it beside results.json, with
junitparser (Debian's python3-junitparser); pytest's own --junitxml is not
used. The file is valid against ci/junit-10.xsd, the schema pytest's junitxml
is tested against (`make check` validates reports/check/junit.xml with it):

  <testsuites name="sockconf" tests= failures= errors= time=>
    <testsuite name=TARGET tests= failures= errors= skipped= time= timestamp=>
      <properties>  the target's Tcl version, command, setup script and
                    expectations file, the profiles, the suite's identity, and
                    per case "clauses AREA.NNNN-slug" = its clause ids
      <testcase classname="AREA.NNNN-slug" name="NNNN-slug[PROFILE]" time=>
        <failure type="fail|xpass|flaky|compat" message=ONE LINE>detail</failure>
        <error type="error|timeout|crash" message=ONE LINE>detail</error>
        <skipped type="skip|xfail" message=ONE LINE>detail</skipped>
        <system-out>the case's stdout</system-out> <system-err>its stderr</system-err>

One <testsuite> per target; a passing result is a bare <testcase>. The detail
is the case file and line, expected and actual, -errorcode, the expectation
and its reason, compatibility differences, repeated runs, clauses; output is
kept only for results that did not pass. Paths are relative to the checkout
(a case folder elsewhere is named by its last two components), and nothing of
the internal record is copied in. Every text is made XML-safe: control
characters are written as \\xNN, as on every other report.
"""

from pathlib import Path, PurePosixPath

from . import model, paths, textsafe

MESSAGE_LIMIT = 300         # characters of the one-line message attribute
OUTPUT_LIMIT = 16 * 1024    # characters of stdout / stderr kept per result
# The JUnit element each verdict becomes (none for a pass).
ELEMENT = {"fail": "failure", "xpass": "failure", "error": "error", "timeout": "error",
           "crash": "error", "skip": "skipped", "xfail": "skipped"}
NOT_XML = str.maketrans({"\ufffe": "\\ufffe", "\uffff": "\\uffff"})


def _text(value, keep_newlines=True):
    """VALUE as text that XML 1.0 can carry: lone surrogates as \\udcNN,
    control characters as \\xNN (tab and, with KEEP_NEWLINES, newline kept)."""
    text = str("" if value is None else value).encode("utf-8", "backslashreplace").decode("utf-8")
    return textsafe.escape_controls(text, keep_newlines=keep_newlines).translate(NOT_XML)


def one_line(value, limit=MESSAGE_LIMIT):
    text = " ".join(_text(value).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def shown_path(path):
    """A record's case path as the report shows it: relative to the checkout,
    never the machine's (a case folder elsewhere: its last two components)."""
    if not path:
        return ""
    p = Path(path)
    if not p.is_absolute():
        return str(PurePosixPath(path))
    try:
        return str(p.relative_to(paths.ROOT))
    except ValueError:
        return str(PurePosixPath(p.parent.name, p.name))


def area(rec):
    return PurePosixPath(rec.get("path") or "").parent.name or "cases"


def classname(rec):
    return f"{area(rec)}.{rec['case']}-{rec['slug']}"


def kind(rec, unexpected):
    """(element, type) for RECORD: the verdict, or what made an expected
    verdict unexpected (flaky, a compatibility difference under
    --strict-compat); (None, "") for a plain pass."""
    v = rec["verdict"]
    if unexpected and v in model.EXPECTED:
        return "failure", "flaky" if rec.get("flaky") else "compat"
    if v == "pass":
        return None, ""
    return ELEMENT.get(v, "error"), v     # a verdict this file does not know is not a pass


def message(rec, typ):
    if typ == "xfail":
        raw = rec.get("raw_verdict") or rec.get("expected_verdict") or "fail"
        return one_line(f"{raw}, as expected: {rec.get('expectation', '')}")
    if typ == "flaky":
        return one_line("flaky: the runs gave " + ", ".join(r.get("verdict", "?") for r in rec.get("runs", [])))
    if typ == "compat":
        return one_line(f"compatibility with tclsh 8.6.13 differs ({len(rec.get('compat_differences', []))} "
                        "differences; the run gates on it: --strict-compat)")
    return one_line(rec.get("message") or typ)


def detail(rec):
    """The body of a result element: what the report's cell detail says."""
    where = shown_path(rec.get("path"))
    if rec.get("line"):
        where += f":{rec['line']}"
    out = [f"{where}: {rec['verdict']}: {_text(rec.get('message', ''))}"]
    if rec.get("raw_verdict"):
        out.append(f"the case gave: {rec['raw_verdict']}")
    if rec.get("expected_verdict"):
        out.append(f"expectation: {rec['expected_verdict']}: {_text(rec.get('expectation', ''))}")
    for key in ("expected", "actual"):
        if key in rec:
            out.append(f"{key}: {_text(rec[key])}")
    if rec.get("errorcode"):
        out.append(f"-errorcode: {_text(rec['errorcode'])}")
    for d in rec.get("compat_differences", []) or []:
        out.append(f"compatibility: line {_text(d.get('line', ''))}: {_text(d.get('message', ''))}: "
                   f"tclsh 8.6.13 gives {_text(d.get('expected', ''))!r}, this target {_text(d.get('actual', ''))!r}")
    for r in rec.get("runs", []) or []:
        out.append(f"run: {r.get('verdict', '?')} in {r.get('duration_s', 0)} s: {_text(r.get('message', ''))}")
    if rec.get("harness"):
        out.append(f"harness: {_text(rec['harness'])}")
    if rec.get("exit") not in (None, "", 0):
        out.append(f"exit status: {_text(rec['exit'])}")
    out.append("clauses: " + ", ".join(rec.get("clauses", [])))
    return "\n".join(out)


def _seconds(value):
    try:
        return round(max(float(value), 0.0), 3)
    except (TypeError, ValueError):
        return 0.0


def document(doc, unexpected_ids=frozenset()):
    """The junitparser JUnitXml for DOC. UNEXPECTED_IDS: id() of the records
    that fail the gate (reports.unexpected), so a flaky pass or a compatibility
    difference under --strict-compat is a failure here too."""
    from junitparser import Error, Failure, JUnitXml, Skipped, TestCase, TestSuite
    elements = {"failure": Failure, "error": Error, "skipped": Skipped}
    root = JUnitXml("sockconf")
    suite_info = doc.get("suite") or {}
    by_target = {}
    for rec in doc["results"]:
        by_target.setdefault(rec["target"], []).append(rec)
    targets = list(doc.get("targets", {})) + [t for t in by_target if t not in doc.get("targets", {})]
    totals = {"tests": 0, "failures": 0, "errors": 0, "time": 0.0}
    for t in targets:
        recs = by_target.get(t, [])
        if not recs:
            continue
        suite = TestSuite(_text(t, keep_newlines=False))
        suite.timestamp = _text(doc.get("started", ""))
        info = doc.get("targets", {}).get(t, {})
        props = [("tcl", info.get("version", "")),
                 ("command", " ".join(map(str, info.get("command", []))) if isinstance(info.get("command"), list)
                  else info.get("command", "")),
                 ("setup", shown_path(info.get("setup", ""))),
                 ("expectations", shown_path(info.get("expectations", ""))),
                 ("profiles", " ".join(sorted({r["profile"] for r in recs},
                                              key=lambda p: (doc.get("profiles", []) + [p]).index(p))))]
        props += [(f"sockconf.{k}", suite_info[k]) for k in ("version", "commit", "spec_version", "cases", "case_set")
                  if suite_info.get(k) not in (None, "")]
        for name, value in props:
            if value not in (None, ""):
                suite.add_property(name, _text(value, keep_newlines=False))
        seen = set()
        cases = []
        for rec in recs:
            cls = _text(classname(rec), keep_newlines=False)
            if cls not in seen:
                seen.add(cls)
                suite.add_property(f"clauses {cls}", _text(" ".join(rec.get("clauses", [])), keep_newlines=False))
            case = TestCase(_text(f"{rec['case']}-{rec['slug']}[{rec['profile']}]", keep_newlines=False), cls,
                            _seconds(rec.get("duration_s", 0)))
            element, typ = kind(rec, id(rec) in unexpected_ids)
            if element is not None:
                result = elements[element](message(rec, typ), typ)
                if typ != "skip":                 # a skip says all in its message
                    result.text = detail(rec)
                case.result = [result]
                if typ != "skip":
                    for stream, attr in (("stdout", "system_out"), ("stderr", "system_err")):
                        if rec.get(stream):
                            setattr(case, attr, _text(rec[stream])[:OUTPUT_LIMIT])
            cases.append(case)
        suite.add_testcases(cases)
        root.add_testsuite(suite)
        totals["tests"] += suite.tests
        totals["failures"] += suite.failures
        totals["errors"] += suite.errors
        totals["time"] += suite.time
    # the root's counts by hand: junitparser's would add "skipped", which the schema has not there
    for k in ("tests", "failures", "errors"):
        root._elem.attrib[k] = str(totals[k])
    root._elem.attrib["time"] = str(round(totals["time"], 3))
    return root


def write(doc, path, unexpected_ids=frozenset()):
    """Write junit.xml for DOC at PATH (atomically)."""
    from lxml import etree
    from .results import write_atomic
    xml = etree.tostring(document(doc, unexpected_ids)._elem, encoding="unicode", pretty_print=True)
    write_atomic(Path(path), '<?xml version="1.0" encoding="utf-8"?>\n' + xml + "\n")


SCHEMA = paths.ROOT / "ci" / "junit-10.xsd"


def validate(path, schema=SCHEMA):
    """Problems of the junit.xml at PATH against SCHEMA (empty: valid)."""
    from lxml import etree
    xsd = etree.XMLSchema(etree.parse(str(schema)))
    tree = etree.parse(str(path))
    if xsd.validate(tree):
        return []
    return [f"{path}:{e.line}: {e.message}" for e in xsd.error_log]
