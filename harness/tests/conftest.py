"""Fixtures for the harness self-tests: temporary case folders and a CLI runner."""

import json
import os
import subprocess
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

CLAUSE = "args.wrong-count"     # any testable clause id of spec/clauses.yaml


def case_text(case_id, body, clauses=(CLAUSE,), requires=(), timeout=5, title=None, includes=()):
    head = [
        "# ---",
        f"# id: {case_id}",
        f"# title: {title or 'self-test case ' + case_id}",
        f"# clauses: [{', '.join(clauses)}]",
    ]
    if requires:
        head.append(f"# requires: [{', '.join(requires)}]")
    if includes:
        head.append(f"# includes: [{', '.join(includes)}]")
    head += [f"# timeout: {timeout}", "# ---"]
    return "\n".join(head) + "\n" + textwrap.dedent(body).lstrip("\n")


class Suite:
    """A temporary case folder plus a way to run ./sockconf on it."""

    def __init__(self, tmp_path):
        self.dir = tmp_path / "cases"
        self.out = tmp_path / "out"
        self.dir.mkdir()

    def add(self, case_id, slug, body, **meta):
        path = self.dir / "area" / f"{case_id}-{slug}.tcl"
        path.parent.mkdir(exist_ok=True)
        path.write_text(case_text(case_id, body, **meta), encoding="utf-8")
        return path

    def run(self, *args, timeout=120, **popen):
        cmd = [str(ROOT / "sockconf"), "run", "--cases", str(self.dir), "--out", str(self.out),
               "--profile", "host", *args]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                              stdin=subprocess.DEVNULL, **popen)

    def results(self):
        return json.loads((self.out / "results.json").read_text(encoding="utf-8"))

    def by_case(self):
        return {r["case"]: r for r in self.results()["results"]}


@pytest.fixture
def suite(tmp_path):
    return Suite(tmp_path)


def sockconf(*args, timeout=60):
    return subprocess.run([str(ROOT / "sockconf"), *args], capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL)


def no_process_with(marker):
    """True when no process's command line contains marker."""
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if marker.encode() in cmdline:
            return False
    return True


def processes_with_env(marker):
    """pids of processes whose environment contains marker."""
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            env = Path(f"/proc/{pid}/environ").read_bytes()
        except OSError:
            continue
        if marker.encode() in env:
            found.append(int(pid))
    return found


@pytest.fixture(scope="session", autouse=True)
def every_results_file_matches_the_schema(tmp_path_factory):
    """After the session: every results.json a self-test produced (under this
    worker's temporary folders) validates against spec/results.schema.json, with
    the schema applied directly (not through sockconf's own validator)."""
    yield
    import jsonschema
    schema = json.loads((ROOT / "spec" / "results.schema.json").read_text(encoding="utf-8"))
    check = jsonschema.Draft202012Validator(schema)
    bad = []
    for path in tmp_path_factory.getbasetemp().rglob("results.json"):
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue            # a file a test made malformed on purpose, or left half-written
        if doc.get("schema") != "sockconf-results/1" or not isinstance(doc.get("results"), list):
            continue
        errors = list(check.iter_errors(doc))
        if errors and not path.parent.name.startswith(("bad", "mutant")):
            bad.append(f"{path}: {errors[0].message}")
    assert not bad, "produced results files that do not match the schema:\n" + "\n".join(bad[:10])


def copy_checkout(tree, builds=(), extra_files=()):
    """A copy at TREE of what a run reads - the launcher, pyproject.toml, harness/,
    spec/, cases/, ci/, refsock's setup and the BUILDS of reference-impl/build named -
    with its own .venv made (ci/venv.sh), so the copy runs wherever it is and whoever
    runs it. Returns TREE."""
    import shutil
    tree.mkdir(parents=True, exist_ok=True)
    for f in ("sockconf", "pyproject.toml"):
        shutil.copy2(ROOT / f, tree / f)
    for part in ("harness", "spec", "cases", "ci"):
        shutil.copytree(ROOT / part, tree / part, symlinks=True,
                        ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache", "node_modules"))
    ref = tree / "reference-impl"
    ref.mkdir()
    for f in ("setup.tcl", *extra_files):
        shutil.copy2(ROOT / "reference-impl" / f, ref / f)
    for build in builds:
        if not (ROOT / "reference-impl/build" / build / "pkgIndex.tcl").is_file():
            pytest.skip(f"reference-impl/build/{build} is not built (make -C reference-impl)")
        shutil.copytree(ROOT / "reference-impl/build" / build, ref / "build" / build)
    made = subprocess.run(["sh", str(tree / "ci" / "venv.sh")], capture_output=True, text=True,
                          timeout=120, stdin=subprocess.DEVNULL)
    assert made.returncode == 0, made.stderr
    return tree
