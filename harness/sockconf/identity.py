"""Which sockconf produced a result: its version, revision, contract and case set.

suite_identity() is what `./sockconf --version` prints and what results.json
records as "suite", so a result file says which suite produced it and a
comparison with a baseline made by another suite can say so.
"""

import hashlib
import re
import subprocess
from functools import lru_cache
from pathlib import Path

from . import __version__, paths
from .casefile import is_case_path

CONTRACT_RE = re.compile(r"^Contract version: (\S+)", re.MULTILINE)


def spec_version():
    """The runner contract's version (the line "Contract version: N" of spec/INTERPRETING.md)."""
    try:
        m = CONTRACT_RE.search((paths.SPEC / "INTERPRETING.md").read_text(encoding="utf-8"))
    except OSError:
        m = None
    return m.group(1) if m else "unknown"


@lru_cache(maxsize=None)
def git_commit(root=paths.ROOT):
    """The checkout's commit ("" outside git), with "-dirty" when files differ from it."""
    if not (Path(root) / ".git").exists():
        return ""
    try:
        head = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True,
                              text=True, timeout=10, stdin=subprocess.DEVNULL)
        if head.returncode != 0:
            return ""
        dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, timeout=20, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return head.stdout.strip() + ("-dirty" if dirty.returncode == 0 and dirty.stdout.strip() else "")


def case_files(cases_dir):
    """The files that make the case set: every .tcl below CASES_DIR and the includes."""
    files = sorted(p for p in Path(cases_dir).rglob("*.tcl") if p.is_file())
    files += sorted(p for p in (paths.TCL / "include").glob("*.tcl") if p.is_file())
    return files


def case_set_digest(cases_dir=paths.CASES):
    """(number of case files, "sha256:..." over their relative paths and contents)."""
    h = hashlib.sha256()
    count = 0
    base = Path(cases_dir)
    for p in case_files(base):
        rel = p.relative_to(base) if p.is_relative_to(base) else Path("include") / p.name
        count += is_case_path(p) and p.is_relative_to(base)
        h.update(str(rel).encode("utf-8") + b"\0")
        h.update(hashlib.sha256(p.read_bytes()).digest())
    return count, "sha256:" + h.hexdigest()


def suite_identity(cases_dir=paths.CASES):
    """{"version", "commit", "spec_version", "cases", "case_set"}."""
    count, digest = case_set_digest(cases_dir)
    return {"version": __version__, "commit": git_commit(), "spec_version": spec_version(),
            "cases": count, "case_set": digest}
