"""Fuzzing every command with malformed inputs (issue 15): seeded and bounded.

A real results.json (from a small real run) and real case files are mutated by
operators each of which makes the file malformed; every command that reads
such a file must answer with exit 2 and one line on stderr - no traceback,
never exit 0. The commands run in this process (sockconf.cli.main), so an
exception that escapes is a failure of this test.
"""

import json
import random
import re
import shutil
import subprocess

import pytest
from conftest import ROOT
from sockconf import cli

SEED = 15
RESULT_MUTANTS = 48
CASE_MUTANTS = 40


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    """A results file of a real run: a pass, a fail, a compatibility difference."""
    base = tmp_path_factory.mktemp("fuzz")
    cases = base / "cases" / "area"
    cases.mkdir(parents=True)
    head = "# ---\n# id: {id}\n# title: fuzz {id}\n# clauses: [args.wrong-count]\n# timeout: 5\n# ---\n"
    bodies = {"0001": "assert 1\n", "0002": "assert_equal 1 2 {fails}\n",
              "0003": "compat assert_equal x y {differs}\nobserve k [info patchlevel]\n"}
    for cid, body in bodies.items():
        (cases / f"{cid}-c{cid}.tcl").write_text(head.format(id=cid) + body, encoding="utf-8")
    out = base / "out"
    proc = subprocess.run([str(ROOT / "sockconf"), "run", "--cases", str(base / "cases"), "--out", str(out),
                           "--profile", "host"], capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)
    assert proc.returncode == 1, proc.stderr        # 0002 fails
    return {"base": base, "cases": base / "cases", "results": out / "results.json",
            "text": (out / "results.json").read_text(encoding="utf-8")}


# ---------------------------------------------------------------- results.json operators

REQUIRED_DOC = ("schema", "started", "host", "targets", "profiles", "results")
REQUIRED_RECORD = ("case", "slug", "target", "profile", "verdict", "duration_s", "clauses",
                   "message", "observations")
WRONG = {"case": 101, "slug": None, "target": [], "profile": {}, "verdict": "great",
         "duration_s": "fast", "clauses": "a", "message": 3, "observations": []}
DOC_WRONG = {"complete": "yes", "selected": "3", "shard": "half", "selection": 5, "partition": [],
             "baseline": "x", "repeat": 2.5, "strict_compat": "no", "finished": 7, "status": []}


def _text(doc):
    return json.dumps(doc, ensure_ascii=False)


def result_mutants(text, rng):
    """(operator name, malformed text) pairs, RESULT_MUTANTS of them."""
    doc = json.loads(text)
    ops = []

    def op(fn):
        ops.append(fn)
        return fn

    @op
    def drop_doc_key():
        d = json.loads(text)
        del d[rng.choice(REQUIRED_DOC)]
        return _text(d)

    @op
    def wrong_record_type():
        d = json.loads(text)
        key = rng.choice(REQUIRED_RECORD)
        rng.choice(d["results"])[key] = WRONG[key]
        return _text(d)

    @op
    def drop_record_key():
        d = json.loads(text)
        del rng.choice(d["results"])[rng.choice(REQUIRED_RECORD)]
        return _text(d)

    @op
    def bad_number():
        return re.sub(r'"duration_s": [0-9.e-]+', '"duration_s": ' + rng.choice(
            ["NaN", "Infinity", "-Infinity", "-1", "1e400", "9" * 400, "true"]), text, count=1)

    @op
    def duplicate_record():
        d = json.loads(text)
        r = rng.choice(d["results"])
        d["results"].insert(rng.randrange(len(d["results"]) + 1), dict(r, verdict=rng.choice(["pass", "fail"])))
        return _text(d)

    @op
    def truncate():
        return text[:rng.randrange(1, len(text) - 2)]

    @op
    def deep():
        d = json.loads(text)
        rng.choice(d["results"])["observations"] = "@@DEEP@@"
        return _text(d).replace('"@@DEEP@@"', "[" * 50000 + "]" * 50000)

    @op
    def wrong_schema():
        d = json.loads(text)
        d["schema"] = rng.choice(["sockconf-results/2", "", None, 1])
        return _text(d)

    @op
    def wrong_doc_field():
        d = json.loads(text)
        key = rng.choice(sorted(DOC_WRONG))
        d[key] = DOC_WRONG[key]
        return _text(d)

    @op
    def not_utf8():
        i = rng.randrange(len(text))
        return text[:i] + "\udcff" + text[i:]           # written with surrogateescape: a raw 0xff byte

    @op
    def lone_surrogate():
        return text.replace('"message": "', '"message": "\\ud800', 1)

    @op
    def target_not_object():
        d = json.loads(text)
        d["targets"][rng.choice(list(d["targets"]))] = rng.choice(["tclsh", 1, []])
        return _text(d)

    @op
    def bad_compat():
        d = json.loads(text)
        rng.choice(d["results"])["compat"] = rng.choice(["maybe", 1, None])
        return _text(d)

    @op
    def not_an_object():
        return rng.choice(["[]", "1", '"x"', "null"])

    out = []
    for _ in range(RESULT_MUTANTS):
        fn = rng.choice(ops)
        out.append((fn.__name__, fn()))
    assert doc["results"]
    return out


def _run(argv, capsys):
    rc = cli.main([str(a) for a in argv])
    err = capsys.readouterr().err
    return rc, err


def commands(bad, good, scratch):
    return [
        ["report", "--results", bad, "--out", scratch / "rep"],
        ["diff", bad, good], ["diff", good, bad],
        ["merge", bad, "--out", scratch / "m.json"], ["merge", good, bad, "--out", scratch / "m.json"],
        ["expectations", "update", "--target", "tclsh8.6", "--results", bad, "--file", scratch / "e.toml"],
        ["clauses", "--uncovered", "--results", bad, "--target", "tclsh8.6"],
        ["run", "--baseline", bad, "--out", scratch / "o"],
        ["run", "--shard", "1/2", "--shard-durations", bad, "--out", scratch / "o"],
    ]


def test_every_command_refuses_every_malformed_results_file(real, tmp_path, capsys):
    rng = random.Random(SEED)
    good = real["results"]
    seen = set()
    for i, (name, text) in enumerate(result_mutants(real["text"], rng)):
        bad = tmp_path / f"mutant-{i}-{name}.json"
        bad.write_bytes(text.encode("utf-8", "surrogateescape"))
        for argv in commands(bad, good, tmp_path):
            rc, err = _run(argv, capsys)
            lines = err.strip().splitlines()
            assert rc == 2 and len(lines) == 1 and str(bad) in lines[0], (name, argv, rc, err)
            assert "Traceback" not in err
        seen.add(name)
    assert len(seen) >= 10, seen                        # the seed exercises most operators
    assert not (tmp_path / "m.json").exists() and not (tmp_path / "e.toml").exists()


# ---------------------------------------------------------------- case frontmatter operators

def case_mutants(text, rng):
    """(operator name, malformed case text) pairs for one real case file."""
    lines = text.splitlines(True)
    end = next(i for i, ln in enumerate(lines[1:], start=1) if ln.rstrip() == "# ---")

    def key_line(key):
        return next((i for i in range(1, end) if lines[i].startswith(f"# {key}:")), None)

    def set_line(i, new):
        out = list(lines)
        out[i] = new
        return "".join(out)

    ops = {
        "no-opening-fence": lambda: "".join(lines[1:]),
        "no-closing-fence": lambda: set_line(end, "# --\n"),
        "drop-id": lambda: set_line(key_line("id"), ""),
        "drop-clauses": lambda: set_line(key_line("clauses"), ""),
        "bad-id": lambda: set_line(key_line("id"), f"# id: {rng.choice(['12a4', '9999', '', '[1]'])}\n"),
        "clause-typo": lambda: text.replace("# clauses: [", "# clauses: [no.such.clause-x, ", 1),
        "requires-typo": lambda: set_line(end, "# requires: [ipv5]\n# ---\n"),
        "unknown-key": lambda: set_line(end, "# colour: blue\n# ---\n"),
        "duplicate-key": lambda: set_line(end, lines[key_line("title")] + "# ---\n"),
        "bad-timeout": lambda: set_line(end, f"# timeout: {rng.choice(['-1', 'nan', 'inf', '0', '1e9', 'abc'])}\n# ---\n")
        if key_line("timeout") is None else set_line(key_line("timeout"), f"# timeout: {rng.choice(['-1', 'nan', 'inf', '0', '1e9', 'abc'])}\n"),
        "unbalanced": lambda: text.replace("# clauses: [", "# clauses: [[", 1),
        "empty-title": lambda: set_line(key_line("title"), "# title: \n"),
        "unknown-profile": lambda: set_line(end, "# profiles: [moon]\n# ---\n")
        if key_line("profiles") is None else set_line(key_line("profiles"), "# profiles: [moon]\n"),
        "unknown-include": lambda: set_line(end, "# includes: [nothing.tcl]\n# ---\n")
        if key_line("includes") is None else set_line(key_line("includes"), "# includes: [nothing.tcl]\n"),
        "tab-in-yaml": lambda: set_line(key_line("title"), "#\ttitle: tab\n"),
        "not-utf8": lambda: text.replace("# title: ", "# title: \udcff", 1),
        "bare-line": lambda: set_line(key_line("title"), "title: no hash\n"),
    }
    names = sorted(ops)
    return [(n, ops[n]()) for n in (rng.choice(names) for _ in range(CASE_MUTANTS // 4))]


def test_every_malformed_case_file_is_a_collection_error_at_file_and_line(tmp_path, capsys):
    rng = random.Random(SEED)
    sources = sorted((ROOT / "cases").glob("*/*.tcl"))
    picked = rng.sample(sources, 4)
    seen = set()
    for src in picked:
        for j, (name, text) in enumerate(case_mutants(src.read_text(encoding="utf-8"), rng)):
            folder = tmp_path / f"{src.stem}-{j}" / "area"
            folder.mkdir(parents=True)
            bad = folder / src.name
            bad.write_bytes(text.encode("utf-8", "surrogateescape"))
            for argv in (["list", "--cases", folder.parent],
                         ["run", "--cases", folder.parent, "--out", tmp_path / "o", "--profile", "host"],
                         ["clauses", "--cases", folder.parent]):
                rc, err = _run(argv, capsys)
                lines = err.strip().splitlines()
                assert rc == 2 and len(lines) == 1, (name, src.name, argv, rc, err)
                assert re.match(rf"sockconf: {re.escape(str(bad))}:\d+: ", lines[0]), (name, lines[0])
            seen.add(name)
            shutil.rmtree(folder.parent)
    assert len(seen) >= 8, seen
