"""Lint of the real spec/ and cases/: every id resolves, numbers are unique,
every testable clause has a case, every case cites a clause."""

import re
from collections import defaultdict

import pytest
from conftest import ROOT, case_text
from sockconf import casefile, spec
from sockconf.errors import MetadataError

SPEC = spec.load()
CASE_PATHS = casefile.discover(ROOT / "cases")


def all_cases():
    return [casefile.parse(p, SPEC) for p in CASE_PATHS]


def test_every_case_file_parses_against_the_registries():
    problems = []
    for p in CASE_PATHS:
        try:
            casefile.parse(p, SPEC)
        except MetadataError as exc:
            problems.append(str(exc))
    assert not problems, "\n".join(problems)


def test_no_stray_tcl_files_under_cases():
    stray = [str(p) for p in (ROOT / "cases").rglob("*.tcl") if not casefile.is_case_path(p)]
    assert not stray, f"files under cases/ not named NNNN-slug.tcl: {stray}"


def test_case_numbers_are_unique():
    seen = defaultdict(list)
    for p in CASE_PATHS:
        seen[p.name[:4]].append(str(p.relative_to(ROOT)))
    dups = {k: v for k, v in seen.items() if len(v) > 1}
    assert not dups, f"duplicate case numbers: {dups}"


def test_every_testable_clause_has_a_case():
    covered = {c for case in all_cases() for c in case.clauses}
    missing = [f"{c.id} (spec/clauses.yaml:{c.line})" for c in SPEC.testable_clauses()
               if c.id not in covered]
    assert not missing, "testable clauses without a case:\n" + "\n".join(missing)


def test_cases_live_in_the_folder_of_their_number_range():
    """The folders encode the ranges (cases/<area>/NNNN-...): each hundred of case
    numbers belongs to one area folder, so the number says the folder."""
    areas = defaultdict(set)
    for p in CASE_PATHS:
        areas[p.name[:2]].add(p.parent.name)
    mixed = {hundred: sorted(f) for hundred, f in areas.items() if len(f) > 1}
    assert not mixed, f"numbers of one hundred in several folders: {mixed}"


def test_ambiguities_cite_known_clauses_and_their_cases_are_computed():
    problems = []
    for amb in SPEC.ambiguities.values():
        for cl in amb.data.get("clauses", []):
            if cl not in SPEC.clauses:
                problems.append(f"spec/ambiguities.yaml:{amb.line}: {amb.id}: unknown clause {cl}")
    assert not problems, "\n".join(problems)
    from sockconf import catalogue
    by_reading = catalogue.cases_by_reading(all_cases())
    assert set(by_reading) <= set(SPEC.ambiguities)
    # what a case cites, the listing shows (the registry keeps no list of its own)
    one = next(c for c in all_cases() if c.readings)
    amb, _, rid = one.readings[0].partition(":")
    assert one.id in by_reading[amb][rid]


def test_a_hand_kept_case_list_in_the_ambiguity_register_is_refused(tmp_path):
    for name in ("clauses.yaml", "capabilities.yaml"):
        (tmp_path / name).write_text((ROOT / "spec" / name).read_text())
    (tmp_path / "ambiguities.yaml").write_text(
        "- id: x\n  readings:\n    - id: a\n      text: t\n  cases: [\"0101\"]\n")
    with pytest.raises(MetadataError) as info:
        spec.load.__wrapped__(tmp_path)
    assert "'cases' is computed" in info.value.message and info.value.line == 1


def test_clause_tags_in_the_reference_implementation_exist():
    unknown = []
    for src in sorted((ROOT / "reference-impl").glob("*.[ch]")):
        for no, line in enumerate(src.read_text(encoding="utf-8").splitlines(), 1):
            for tag in re.findall(r"/\*.*?\[([a-z0-9.-]+\.[a-z0-9.-]+)\].*?\*/", line):
                if tag not in SPEC.clauses:
                    unknown.append(f"{src.relative_to(ROOT)}:{no}: [{tag}]")
    assert not unknown, "clause tags not in spec/clauses.yaml:\n" + "\n".join(unknown)


@pytest.mark.parametrize("meta, message", [
    ({"clauses": ("no.such.clause",)}, "unknown clause id 'no.such.clause'"),
    ({"requires": ("teleport",)}, "unknown capability 'teleport'"),
    ({"clauses": ()}, "at least one clause"),
    ({"timeout": 0}, "timeout must be in"),
    ({"includes": ("nope.tcl",)}, "unknown include 'nope.tcl'"),
])
def test_lint_errors_are_located(tmp_path, meta, message):
    path = tmp_path / "0999-lint.tcl"
    text = case_text("0999", "assert_equal 1 1\n", **meta)
    if not meta.get("clauses", True):
        text = text.replace("# clauses: []", "# clauses: []")
    path.write_text(text)
    with pytest.raises(MetadataError) as info:
        casefile.parse(path, SPEC)
    assert message in info.value.message
    assert info.value.line and 1 < info.value.line < 8


@pytest.mark.parametrize("text, line, message", [
    ("# ---\n# id: 0998\n", 2, "not closed"),
    ("set x 1\n", 1, "must start with"),
    ("# ---\n# id: 0997\n# title: t\n# clauses: [args.wrong-count]\n# ---\n", 2,
     "does not match the file name"),
    ("# ---\n# id: 0998\n# title: [unclosed\n# clauses: [args.wrong-count]\n# ---\n", 4,
     "invalid YAML"),
    ("# ---\n# id: 0998\n# clauses: [args.wrong-count]\n# ---\n", 4, "missing required key 'title'"),
    ("# ---\n# id: 0998\nnot a comment\n# ---\n", 3, "must start with '# '"),
])
def test_frontmatter_errors_name_the_line(tmp_path, text, line, message):
    path = tmp_path / "0998-bad.tcl"
    path.write_text(text)
    with pytest.raises(MetadataError) as info:
        casefile.parse(path, SPEC)
    assert message in info.value.message
    assert info.value.line == line


def test_spec_registry_errors_name_the_line(tmp_path):
    bad = tmp_path / "clauses.yaml"
    bad.write_text("- id: a.b\n  section: S\n  text: t\n  strength: must\n  testable: true\n"
                   "- id: a.b\n  section: S\n  text: t\n  strength: must\n  testable: true\n")
    with pytest.raises(MetadataError) as info:
        spec.load_registry(bad, ("id",))
    assert info.value.line == 6 and "duplicate id" in info.value.message
    bad.write_text("- id: a.c\n  section: S\n  text: t\n  strength: maybe\n  testable: true\n")
    with pytest.raises(MetadataError) as info:
        spec.check_clauses(bad, spec.load_registry(bad))
    assert "strength" in info.value.message and info.value.line == 1
