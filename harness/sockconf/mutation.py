"""Mutation testing of refsock: how many plausible bugs does the suite catch?

A *mutant* is refsock with one small bug. Curated mutants are unified diffs
in reference-impl/mutants/NN-slug.patch, each a bug a real implementation
could have, with a header saying what it breaks and which clause:

    Breaks: -error is never reset: every read reports the failure again
    Clause: option.error.reset
    --- a/channel.c
    +++ b/channel.c
    ...

Generated mutants are computed at run time from the current sources by simple
operators (negate a condition, swap a relational or logical operator, off by
one, delete a statement, swap an errno constant, return early) over the lines
some case executes; a seed picks the sample, so a run is reproducible.

Each mutant is built in its own folder (a copy of the pristine build, so only
the mutated file is recompiled, with the Makefile's ref flags) and run as a
target like `ref` (tclsh8.6 + reference-impl/setup.tcl, REFSOCK_BUILD pointing
at the mutant's build). Only the (case, profile) items whose coverage touches
the mutated lines run: a per-item line map is made once with the gcov build
(each item writes its .gcda files under its own GCOV_PREFIX) and cached in
reports/mutation-coverage.json under a hash of the sources and the cases.

A mutant is killed when an item gives an unexpected verdict (fail, error,
timeout, crash) or a compatibility difference (ref runs with strict
compatibility), and the same item then passes on the pristine build (so a
flaky case cannot kill). The run stops at the first such item. A survivor
gets a second chance on its ASan build (make check runs the suite on ref-asan
too), on a few of its items spread over the case areas. Survivors are
missing cases, or equivalent mutants named with a reason in
reference-impl/mutants/equivalent.toml. Cases and sources are snapshotted at
the start, so edits made during a run do not reach it.

    ./sockconf mutation run      # make mutation
    ./sockconf mutation list | show ID | build ID | coverage | prove | smoke | explore

reports/mutation.json:
    {"curated": {"total", "killed", "mutants": [...]},
     "generated": {"total", "killed", "equivalent", "score", "seed", "mutants": [...]}, ...}
reports.mutation_model makes mutation.html of it.
"""

import argparse
import dataclasses
import difflib
import hashlib
import inspect
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from . import casefile, explore, model, paths, profiles, runner, spec, targets
from .errors import ConfigError
from .results import now_iso, write_atomic

REF_DIR = paths.ROOT / "reference-impl"
MUTANTS_DIR = REF_DIR / "mutants"
EQUIVALENTS_FILE = MUTANTS_DIR / "equivalent.toml"
SMOKE_FILE = MUTANTS_DIR / "smoke.toml"
WORK_DIR = REF_DIR / "build" / "mutation"
COVERAGE_FILE = paths.REPORTS / "mutation-coverage.json"
REPORT_FILE = paths.REPORTS / "mutation.json"
SCHEMA = "sockconf-mutation/1"

DEFAULT_SEED = 10
DEFAULT_COUNT = 60
DEFAULT_JOBS = 2
MUTANT_BUDGET_S = 420.0         # running time of one mutant's items at most
ASAN_ITEMS = 12                 # items of a survivor run again under ASan, over every area
BUILD_TIMEOUT_S = 300
SCORE_THRESHOLD = 0.85
BUILD_VARIANT = "ref"
ASAN_VARIANT = "asan"
COV_VARIANT = "cov"

log_lock = threading.Lock()


def log(message):
    with log_lock:
        print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- sources and builds

def source_names(folder=REF_DIR):
    """The files a build of refsock reads: C sources, headers, the Makefile."""
    names = sorted(p.name for p in folder.iterdir() if p.suffix in (".c", ".h") and p.is_file())
    return names + ["Makefile"]


def read_sources(folder=REF_DIR):
    """A snapshot {name: text} of refsock's sources (others may edit them during a run)."""
    return {name: (folder / name).read_text(encoding="utf-8") for name in source_names(folder)}


def digest(*parts):
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8") if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()


def sources_digest(sources):
    return digest(*(f"{k}\n{v}" for k, v in sorted(sources.items())))


class BuildError(RuntimeError):
    """make failed; the message holds the last lines of its output."""


def make(folder, variant):
    """Build VARIANT (ref, cov) in FOLDER with refsock's own Makefile; return the build dir."""
    out = subprocess.run(["make", "-s", "-C", str(folder), variant], capture_output=True,
                         text=True, timeout=BUILD_TIMEOUT_S, stdin=subprocess.DEVNULL)
    if out.returncode != 0:
        tail = (out.stdout + out.stderr).strip().splitlines()[-12:]
        raise BuildError("\n".join(tail) or f"make exited with status {out.returncode}")
    return folder / "build" / variant


def write_sources(folder, sources):
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in sources.items():
        (folder / name).write_text(text, encoding="utf-8")


def fresh_build(folder, sources, variant=BUILD_VARIANT):
    """A clean build of SOURCES in FOLDER (removed first)."""
    shutil.rmtree(folder, ignore_errors=True)
    write_sources(folder, sources)
    return make(folder, variant)


def copy_build(pristine, folder):
    """FOLDER becomes a copy of the pristine build folder, timestamps kept, so make
    recompiles only the files a mutation touches afterwards."""
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(pristine, folder, copy_function=shutil.copy2, symlinks=True)


def changed_files(before, after):
    return sorted(n for n in after if before.get(n) != after[n])


def line_changes(before_text, after_text):
    """(changed, inserted): original line numbers (1-based) replaced or deleted, and
    insertion points (k = new text after original line k)."""
    a, b = before_text.splitlines(), after_text.splitlines()
    changed, inserted = set(), set()
    for tag, i1, i2, _, _ in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag in ("replace", "delete"):
            changed.update(range(i1 + 1, i2 + 1))
        elif tag == "insert":
            inserted.add(i1)
    return changed, inserted


# ---------------------------------------------------------------- mutants

@dataclass
class Mutant:
    id: str
    kind: str                           # curated | generated
    description: str
    clause: str = ""
    patch: Path | None = None           # curated
    file: str = ""                      # generated: the one file and line
    line: int = 0
    operator: str = ""
    original: str = ""
    mutated: str = ""
    equivalent: str = ""                # reason, when marked equivalent by hand
    sources: dict = field(default_factory=dict)     # the mutated snapshot
    changes: dict = field(default_factory=dict)     # file -> (changed, inserted)
    problem: str = ""                   # stale patch or build failure

    def summary(self):
        out = {"id": self.id, "description": self.description}
        if self.kind == "curated":
            out["clause"] = self.clause
            out["patch"] = ("" if self.patch is None else str(self.patch.relative_to(paths.ROOT))
                            if self.patch.is_relative_to(paths.ROOT) else str(self.patch))
        else:
            out.update(file=self.file, line=self.line, operator=self.operator,
                       original=self.original.strip(), mutated=self.mutated.strip())
        return out


HEADER_RE = re.compile(r"^(Breaks|Clause):\s*(.*?)\s*$")


def patch_header(path):
    """The Breaks: and Clause: lines before the diff of a curated patch."""
    fields = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith(("--- ", "diff ", "Index: ")):
            break
        m = HEADER_RE.match(line)
        if m:
            fields[m.group(1).lower()] = m.group(2)
    missing = [k for k in ("breaks", "clause") if not fields.get(k)]
    if missing:
        raise ConfigError(f"{path}: the header needs {' and '.join(k.title() + ':' for k in missing)} "
                          "before the diff")
    return fields


def curated_mutants(folder=MUTANTS_DIR):
    out = []
    for path in sorted(folder.glob("[0-9]*.patch")):
        head = patch_header(path)
        out.append(Mutant(id=path.stem, kind="curated", description=head["breaks"],
                          clause=head["clause"], patch=path))
    return out


def apply_patch(mutant, pristine_sources):
    """Fill mutant.sources/changes from its patch applied to a copy of the sources
    (offsets tolerated, no fuzz). A patch that does not apply leaves mutant.problem
    set: the mutant is stale, an error of the run."""
    with tempfile.TemporaryDirectory(prefix="sockconf-patch-") as tmp:
        folder = Path(tmp)
        write_sources(folder, pristine_sources)
        out = subprocess.run(["patch", "-p1", "--fuzz=0", "--no-backup-if-mismatch", "--batch",
                              "-d", str(folder), "-i", str(mutant.patch)],
                             capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
        if out.returncode != 0:
            detail = " ".join((out.stdout + out.stderr).split())
            mutant.problem = f"stale: the patch no longer applies to reference-impl/ ({detail})"
            return
        after = {name: (folder / name).read_text(encoding="utf-8")
                 for name in source_names(folder) if (folder / name).exists()}
    if set(after) != set(pristine_sources):
        mutant.problem = "stale: the patch adds or removes files (a mutant edits existing sources only)"
        return
    mutant.sources = after
    mutant.changes = {name: line_changes(pristine_sources[name], after[name])
                      for name in changed_files(pristine_sources, after)}
    if not mutant.changes:
        mutant.problem = "stale: the patch changes nothing"


def load_equivalents(path=EQUIVALENTS_FILE):
    """{mutant id: reason} of the mutants marked equivalent by hand."""
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    out = {}
    for mid, entry in data.items():
        reason = (entry.get("reason") or "").strip() if isinstance(entry, dict) else ""
        if not reason:
            raise ConfigError(f"{path}: [{mid}]: an equivalent mutant needs a reason")
        out[mid] = reason
    return out


# ---------------------------------------------------------------- generated mutants

def code_mask(lines):
    """For each line, a string of the same length in which comments, string and
    character literals are blanked (spaces), so operators match code only.
    Preprocessor lines are blanked entirely."""
    out, in_comment = [], False
    for text in lines:
        chars, i, n = [], 0, len(text)
        if not in_comment and text.lstrip().startswith("#"):
            out.append(" " * n)
            continue
        while i < n:
            if in_comment:
                if text.startswith("*/", i):
                    in_comment = False
                    chars.append("  ")
                    i += 2
                else:
                    chars.append(" ")
                    i += 1
            elif text.startswith("/*", i):
                in_comment = True
                chars.append("  ")
                i += 2
            elif text.startswith("//", i):
                chars.append(" " * (n - i))
                i = n
            elif text[i] in "\"'":
                quote, j = text[i], i + 1
                while j < n and text[j] != quote:
                    j += 2 if text[j] == "\\" else 1
                chars.append(" " * (min(j, n - 1) - i + 1))
                i = j + 1
            else:
                chars.append(text[i])
                i += 1
        out.append("".join(chars)[:n].ljust(n))
    return out


def matching_paren(code, start):
    """Index of the ')' closing the '(' at START on the same line, or -1."""
    depth = 0
    for i in range(start, len(code)):
        if code[i] == "(":
            depth += 1
        elif code[i] == ")":
            depth -= 1
            if depth == 0:
                return i
    return -1


DECL_RE = re.compile(r"^\s*(static\s+|const\s+|unsigned\s+|struct\s+\w+|enum\s+\w+|int\b|char\b|"
                     r"long\b|size_t\b|ssize_t\b|socklen_t\b|Tcl_\w+\b|Rs[A-Z]\w*\b|ClientData\b)")
STATEMENT_SKIP_RE = re.compile(r"^\s*(return\b|break\b|continue\b|goto\b|case\b|default\b|else\b|"
                               r"if\b|for\b|while\b|do\b|switch\b|[{}])")
RELOPS = {"==": "!=", "!=": "==", "<=": "<", ">=": ">", "<": "<=", ">": ">="}
RELOP_RE = re.compile(r"==|!=|<=|>=|(?<![-<>])<(?![<=])|(?<![-<>])>(?![>=])")
LOGIC = {"&&": "||", "||": "&&"}
INT_RE = re.compile(r"(?<![\w.])(\d+)(?![\w.])")
CONSTANT_SWAPS = {
    "ECONNREFUSED": "ECONNRESET", "ECONNRESET": "ECONNREFUSED", "EHOSTUNREACH": "ENETUNREACH",
    "ENOTCONN": "EPIPE", "EPIPE": "ENOTCONN", "EINPROGRESS": "EALREADY", "EINTR": "EAGAIN",
    "EAGAIN": "EINTR", "EWOULDBLOCK": "EINTR", "EADDRINUSE": "EADDRNOTAVAIL", "EINVAL": "ENOENT",
    "EBADF": "ENOTSOCK", "EAFNOSUPPORT": "EPROTONOSUPPORT",
    "TCL_READABLE": "TCL_WRITABLE", "TCL_WRITABLE": "TCL_READABLE", "SHUT_RD": "SHUT_WR",
    "SHUT_WR": "SHUT_RD", "AF_INET": "AF_INET6", "AF_INET6": "AF_INET", "TCL_OK": "TCL_ERROR",
    "TCL_ERROR": "TCL_OK", "RS_PENDING": "RS_CONNECTED", "RS_CONNECTED": "RS_PENDING",
    "RS_FAILED": "RS_PENDING",
}
CONSTANT_RE = re.compile(r"\b(" + "|".join(sorted(CONSTANT_SWAPS, key=len, reverse=True)) + r")\b")
GENERIC_OPERATORS = ("negate", "relop", "logic", "off-by-one", "delete", "constant", "return-early")
# Operators that model socket bugs (issue 16), each on the idiom it breaks; where one makes the
# same change as a generic operator on the same line (drop-close and delete), only it is kept.
SOCKET_OPERATORS = ("drop-close", "skip-unregister", "swap-error", "eval-as-list", "widen-mask")
OPERATORS = GENERIC_OPERATORS + SOCKET_OPERATORS
CLOSE_RE = re.compile(r"^\s*(close|RsCloseFd|RsSocketFree|Tcl_Close|freeaddrinfo)\s*\(.*\);\s*$")
UNREGISTER_RE = re.compile(r"^\s*(Tcl_UnregisterChannel|Tcl_DetachChannel)\s*\(.*\);\s*$")
ERROR_TEST_RE = re.compile(r"\bif\s*\(.*(<\s*0|!=\s*0|\berr\b|==\s*-1|!=\s*TCL_OK|RS_FAILED|==\s*NULL|\bcode\b)")
SAVED_ERRORS = {"bestError": "storedError", "storedError": "bestError"}
SAVED_ERROR_RE = re.compile(r"->(bestError|storedError)\b")
ERRNO_RVALUE_RE = re.compile(r"(=\s*|return\s+)(errno|err)\b(?!\s*=)")
APPEND_SCRIPT_RE = re.compile(r"^(\s*)Tcl_DStringAppend\(&(\w+), Tcl_GetString\((\w+)\), -1\);\s*$")
EVAL_FLAGS_RE = re.compile(r"(Tcl_DStringLength\(&\w+\), )(0|TCL_EVAL_GLOBAL)(\);)")
MASK_ARG_RE = re.compile(r"\b(RsCreateChannel|Tcl_CreateChannel)\((.*), (0|TCL_READABLE|TCL_WRITABLE|mask)\)")
HANDLER_MASK_RE = re.compile(r"\b(Tcl_CreateFileHandler\([^,]+, )(TCL_READABLE|TCL_WRITABLE|mask)(,)")


def on_error_path(mask, idx):
    """True when line IDX (0-based) lies in the block of an if that tests for a failure, or
    after an error label, within a few lines (tabs count as refsock's 8 columns)."""
    def width(code):
        code = code.expandtabs(8)
        return len(code) - len(code.lstrip())
    indent = width(mask[idx])
    for j in range(idx - 1, max(-1, idx - 8), -1):
        code = mask[j]
        if not code.strip():
            continue
        if re.match(r"^\s*\w+:\s*$", code):
            return True                     # error: / wrongArgs: labels
        if width(code) < indent:
            return bool(ERROR_TEST_RE.search(code))
    return False


def socket_candidates(text_, code, lineno, lines, mask, add, fname):
    """The socket-bug operators on one covered line (see SOCKET_OPERATORS)."""
    indent = text_[:len(text_) - len(text_.lstrip())]
    if CLOSE_RE.match(code) and on_error_path(mask, lineno - 1):
        add(lineno, "drop-close", indent + ";", "drop the close on an error path", fname)
    if UNREGISTER_RE.match(code):
        add(lineno, "skip-unregister", indent + ";", "skip the unregistration of a channel", fname)
    for m in SAVED_ERROR_RE.finditer(code):
        other = SAVED_ERRORS[m.group(1)]
        add(lineno, "swap-error", text_[:m.start(1)] + other + text_[m.end(1):],
            f"report {other} instead of {m.group(1)}", fname)
    for m in ERRNO_RVALUE_RE.finditer(code):
        other = "err" if m.group(2) == "errno" else "errno"
        if other == "err" and not re.search(r"\berr\b", " ".join(lines)):
            continue
        add(lineno, "swap-error", text_[:m.start(2)] + other + text_[m.end(2):],
            f"report {other} instead of {m.group(2)}", fname)
    m = APPEND_SCRIPT_RE.match(text_)
    if m:
        ind, ds, obj = m.groups()
        add(lineno, "eval-as-list",
            f"{ind}{{ int n_, i_; Tcl_Obj **v_; if (Tcl_ListObjGetElements(NULL, {obj}, &n_, &v_) == TCL_OK) "
            f"{{ for (i_ = 0; i_ < n_; i_++) {{ Tcl_DStringAppendElement(&{ds}, Tcl_GetString(v_[i_])); }} }} }}",
            "evaluate the script prefix as a list of words", fname)
    if "Tcl_EvalEx(" in code:
        # the flags end the statement, maybe on its next line (not a line of its own for gcov)
        for ln in (lineno, lineno + 1):
            if ln > len(lines):
                break
            m = EVAL_FLAGS_RE.search(mask[ln - 1])
            if m:
                other = "TCL_EVAL_GLOBAL" if m.group(2) == "0" else "0"
                line = lines[ln - 1]
                add(ln, "eval-as-list", line[:m.start(2)] + other + line[m.end(2):],
                    f"evaluate with flags {other} (another frame)", fname)
                break
    for rx in (MASK_ARG_RE, HANDLER_MASK_RE):
        for m in rx.finditer(code):
            if m.group(3) if rx is HANDLER_MASK_RE else True:
                start, end = m.span(3) if rx is MASK_ARG_RE else m.span(2)
                add(lineno, "widen-mask", text_[:start] + "TCL_READABLE | TCL_WRITABLE" + text_[end:],
                    "make the channel or handler both readable and writable", fname)


@dataclass
class Candidate:
    file: str
    function: str
    line: int
    operator: str
    original: str
    mutated: str
    what: str

    def key(self, occurrence):
        return digest(self.file, self.function, self.operator, self.original.strip(),
                      self.mutated.strip(), str(occurrence))[:8]


def function_return(lines, start):
    """The default value a function defined at line START (1-based, its name) returns early."""
    head = lines[start - 2].strip() if start >= 2 else ""
    if head.endswith("*"):
        return "NULL"
    return "" if head.split()[-1:] == ["void"] else "0"


def statement_start(lines, mask, idx):
    """True when line IDX (0-based) starts a complete one-line statement."""
    code = mask[idx].strip()
    if not code.endswith(";") or code.count("(") != code.count(")"):
        return False
    j = idx - 1
    while j >= 0 and not mask[j].strip():
        j -= 1
    return j < 0 or mask[j].rstrip()[-1:] in (";", "{", "}", ":")


def candidates_for(name, text, covered, functions):
    """Every mutation the operators can make on the covered lines of one file."""
    lines = text.splitlines()
    mask = code_mask(lines)
    out = []

    def add(lineno, op, mutated, what, func):
        out.append(Candidate(name, func, lineno, op, lines[lineno - 1], mutated, what))

    for fname, start, end in functions:
        ret = function_return(lines, start)
        for lineno in range(start + 1, end):
            if lineno not in covered:
                continue
            text_ = lines[lineno - 1]
            code = mask[lineno - 1]
            indent = text_[:len(text_) - len(text_.lstrip())]
            for m in re.finditer(r"\b(if|while)\s*\(", code):
                close = matching_paren(code, m.end() - 1)
                if close > 0:
                    inner = text_[m.end():close]
                    add(lineno, "negate", text_[:m.end()] + "!(" + inner + ")" + text_[close:],
                        f"negate the condition of {m.group(1)}", fname)
            for m in RELOP_RE.finditer(code):
                op = m.group(0)
                add(lineno, "relop", text_[:m.start()] + RELOPS[op] + text_[m.end():],
                    f"{op} -> {RELOPS[op]}", fname)
            for m in re.finditer(r"&&|\|\|", code):
                op = m.group(0)
                add(lineno, "logic", text_[:m.start()] + LOGIC[op] + text_[m.end():],
                    f"{op} -> {LOGIC[op]}", fname)
            for m in INT_RE.finditer(code):
                value = int(m.group(1))
                new = {0: 1, 1: 0}.get(value, value + 1)
                add(lineno, "off-by-one", text_[:m.start()] + str(new) + text_[m.end():],
                    f"{value} -> {new}", fname)
            for m in CONSTANT_RE.finditer(code):
                c = m.group(1)
                add(lineno, "constant", text_[:m.start()] + CONSTANT_SWAPS[c] + text_[m.end():],
                    f"{c} -> {CONSTANT_SWAPS[c]}", fname)
            if statement_start(lines, mask, lineno - 1) and not DECL_RE.match(code) \
                    and not STATEMENT_SKIP_RE.match(code):
                add(lineno, "delete", indent + ";", "delete the statement", fname)
            if (statement_start(lines, mask, lineno - 1) or re.match(r"\s*if\s*\(", code)) \
                    and not DECL_RE.match(code) and not re.match(r"\s*(return|case|default|else)\b", code):
                early = f"return {ret};" if ret else "return;"
                add(lineno, "return-early", indent + early + " " + text_.lstrip(),
                    f"{early} before the statement", fname)
            socket_candidates(text_, code, lineno, lines, mask, add, fname)
    # A socket operator that makes the change a generic one makes keeps it under its own name.
    special = {(c.line, c.mutated) for c in out if c.operator in SOCKET_OPERATORS}
    return [c for c in out if c.operator in SOCKET_OPERATORS or (c.line, c.mutated) not in special]


def generated_candidates(sources, coverage):
    """Every candidate over the covered lines, with a stable id (file, function,
    operator, line text; not the line number, so unrelated edits keep ids)."""
    out, seen = [], {}
    for name in sorted(coverage["functions"]):
        covered = set(coverage["covered"].get(name, []))
        for cand in candidates_for(name, sources[name], covered, coverage["functions"][name]):
            base = (cand.file, cand.function, cand.operator, cand.original.strip(), cand.mutated.strip())
            seen[base] = seen.get(base, 0) + 1
            out.append((f"{Path(name).stem}.{cand.function}.{cand.operator}.{cand.key(seen[base])}", cand))
    return out


def sample_generated(sources, coverage, seed, equivalents=None):
    """The candidates in the seed's order: each operator's list ranked by seed, then
    taken in turn (so every operator is represented), as Mutant objects (not built yet)."""
    by_op = {op: [] for op in OPERATORS}
    for mid, cand in generated_candidates(sources, coverage):
        by_op[cand.operator].append((mid, cand))
    # Each candidate's rank is a hash of the seed and its id, not its position: a
    # candidate that appears or disappears elsewhere leaves the others' order alone.
    for op in OPERATORS:
        by_op[op].sort(key=lambda pair: digest(str(seed), pair[0]))
    ordered = []
    while any(by_op.values()):
        for op in OPERATORS:
            if by_op[op]:
                ordered.append(by_op[op].pop(0))
    equivalents = equivalents or {}
    out = []
    for mid, cand in ordered:
        lines = sources[cand.file].split("\n")
        lines[cand.line - 1] = cand.mutated
        mutated = dict(sources)
        mutated[cand.file] = "\n".join(lines)
        out.append(Mutant(id=mid, kind="generated",
                          description=f"{cand.file}:{cand.line} in {cand.function}: {cand.what}",
                          file=cand.file, line=cand.line, operator=cand.operator,
                          original=cand.original, mutated=cand.mutated,
                          equivalent=equivalents.get(mid, ""), sources=mutated,
                          changes={cand.file: ({cand.line}, set())}))
    return out


# ---------------------------------------------------------------- cases, items, workers

def load_cases(case_dir=paths.CASES, snapshot=None):
    """{id: Case} of the suite. With SNAPSHOT (a folder), the case files are copied there
    first and run from the copy, so edits made during a long run do not reach it."""
    registry = spec.load()
    if snapshot is not None:
        shutil.rmtree(snapshot, ignore_errors=True)
        shutil.copytree(case_dir, snapshot, ignore=shutil.ignore_patterns("__pycache__"))
        case_dir = snapshot
    return {c.id: c for c in (casefile.parse(p, registry) for p in casefile.discover(case_dir))}


def ref_target(name, build_dir, extra_env=None, like="ref"):
    """A target like `ref` (or LIKE, e.g. ref-asan) of harness/targets.toml, loading the
    refsock build in BUILD_DIR."""
    base = targets.load_all()[like]
    env = {**base.env, "REFSOCK_BUILD": str(build_dir), **(extra_env or {})}
    return dataclasses.replace(base, name=name, env=env, needs=Path(build_dir) / "pkgIndex.tcl",
                               expectations={})


def unexpected(record):
    """Why a record (a record.Record or its JSON form) kills a mutant (model.kills_mutant)."""
    return model.kills_mutant(record if isinstance(record, dict) else record.to_json())


class Worker:
    """One of at most two parallel runners, with its own started profile contexts
    (network namespaces named after it), reused by every mutant it runs."""

    def __init__(self, name):
        self.name = name
        self.contexts = {}
        self.cases = {}

    def context(self, profile_name):
        """(context, "") or (None, why the profile cannot run here)."""
        if profile_name not in self.contexts:
            profile = profiles.REGISTRY[profile_name]
            ok, reason = profile.available()
            self.contexts[profile_name] = (profile.start(self.name), "") if ok else (None, reason)
        return self.contexts[profile_name]

    def runnable(self, case, target, profile_name):
        """True when CASE runs on TARGET in the profile: the suite's own rule
        (model.not_to_run)."""
        def start():
            ctx, why = self.context(profile_name)
            return (ctx, "skip", why)
        return model.not_to_run(case, target, profiles.REGISTRY[profile_name], start,
                                spec.load().target_capabilities()) is None

    def run(self, case, target, profile_name, scale=1.0):
        ctx, _ = self.context(profile_name)
        return runner.run_case(case, target, ctx, scale).to_json()

    def close(self):
        for ctx, _ in self.contexts.values():
            if ctx is not None:
                ctx.close()
        self.contexts.clear()


def run_parallel(jobs, tasks, fn, prefix="mut"):
    """Run fn(worker, task) for every task on JOBS Workers of their own (runner.parallel);
    results in task order."""
    workers = [Worker(f"{prefix}{n}") for n in range(max(1, min(jobs, len(tasks))))]
    try:
        return runner.parallel(jobs, tasks, fn, workers)
    finally:
        for w in workers:
            w.close()


# ---------------------------------------------------------------- the coverage map

def coverage_key(sources, cases, profile_names):
    # The eligibility rule decides which items the map holds: a change to it remakes the map.
    parts = [sources_digest(sources), ",".join(profile_names), inspect.getsource(model.not_to_run)]
    files = [c.path for c in cases.values()] + sorted((paths.TCL / "include").glob("*.tcl"))
    files += [paths.TCL / "prelude.tcl", paths.TCL / "driver.tcl", REF_DIR / "setup.tcl"]
    for f in files:
        parts.append(f"{f.name}\n{f.read_text(encoding='utf-8')}")
    return digest(*parts)


def gcov_lines(run_dir, gcno_dir):
    """{file: {line: count}} and {file: [(function, start, end)]} from the .gcda files
    one item wrote under RUN_DIR."""
    gcdas = sorted(p.name for p in run_dir.glob("*.gcda"))
    if not gcdas:
        return {}, {}
    for gcno in gcno_dir.glob("*.gcno"):
        link = run_dir / gcno.name
        if not link.exists():
            link.symlink_to(gcno)
    out = subprocess.run(["gcov", "--json-format", "--stdout", "-o", ".", *gcdas], cwd=run_dir,
                         capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    lines, functions = {}, {}
    for raw in out.stdout.splitlines():
        if not raw.strip():
            continue
        for f in json.loads(raw).get("files", []):
            name = Path(f["file"]).name
            counts = lines.setdefault(name, {})
            for ln in f.get("lines", []):
                counts[ln["line_number"]] = counts.get(ln["line_number"], 0) + ln["count"]
            functions[name] = sorted({(fn["name"], fn["start_line"], fn["end_line"])
                                      for fn in f.get("functions", [])}, key=lambda x: x[1])
    return lines, functions


def build_coverage(sources, cases, profile_names, jobs, work=WORK_DIR):
    """Run every runnable item once on the gcov build; return the coverage map."""
    folder = work / "cov"
    log("mutation: building the gcov variant for the per-case coverage map")
    build_dir = fresh_build(folder, sources, COV_VARIANT)
    runs = work / "cov-runs"
    shutil.rmtree(runs, ignore_errors=True)
    runs.mkdir(parents=True)
    target = ref_target("ref-cov-case", build_dir, {
        "GCOV_PREFIX": str(runs / "{case}-{profile}"), "GCOV_PREFIX_STRIP": "99"})
    target.writable = [runs]        # the sandbox's filesystem is read-only but for this
    pairs = [(cid, p) for cid in sorted(cases) for p in profile_names]
    executable, functions = {}, {}
    started = time.monotonic()

    def one(worker, pair):
        cid, pname = pair
        case = cases[cid]
        if not worker.runnable(case, target, pname):
            return None
        rec = worker.run(case, target, pname)
        run_dir = runs / f"{cid}-{pname}"
        counts, funcs = gcov_lines(run_dir, build_dir) if run_dir.is_dir() else ({}, {})
        shutil.rmtree(run_dir, ignore_errors=True)
        return {"case": cid, "profile": pname, "verdict": rec["verdict"], "compat": rec["compat"],
                "message": rec["message"], "duration_s": rec["duration_s"],
                "lines": {f: sorted(ln for ln, c in cnt.items() if c > 0) for f, cnt in counts.items()},
                "executable": {f: sorted(cnt) for f, cnt in counts.items()}, "functions": funcs}

    items = []
    for res in run_parallel(jobs, pairs, one, prefix="mcov"):
        if res is None:
            continue
        for f, lines in res.pop("executable").items():
            executable.setdefault(f, set()).update(lines)
        for f, funcs in res.pop("functions").items():
            functions.setdefault(f, set()).update(tuple(x) for x in funcs)
        items.append(res)
    covered = {}
    for it in items:
        if it["verdict"] == "pass" and it["compat"] != "differs":
            for f, lines in it["lines"].items():
                covered.setdefault(f, set()).update(lines)
    log(f"mutation: coverage map of {len(items)} items in {time.monotonic() - started:.0f}s")
    return {"items": items,
            "executable": {f: sorted(v) for f, v in executable.items()},
            "covered": {f: sorted(v) for f, v in covered.items()},
            "functions": {f: sorted(v, key=lambda x: x[1]) for f, v in functions.items()},
            "seconds": round(time.monotonic() - started, 1)}


def coverage_map(sources, cases, profile_names, jobs, refresh=False, path=COVERAGE_FILE, work=WORK_DIR):
    """The per-item coverage map, from the cache when sources, cases and profiles are unchanged."""
    key = coverage_key(sources, cases, profile_names)
    if not refresh and path.exists():
        try:
            cached = json.loads(path.read_text(encoding="utf-8"))
            if cached.get("key") == key:
                cached["cached"] = True
                return cached
        except ValueError:
            pass
    cov = build_coverage(sources, cases, profile_names, jobs, work)
    cov.update(key=key, written=now_iso())
    write_atomic(path, json.dumps(cov, separators=(",", ":")))
    cov["cached"] = False
    return cov


def usable_items(coverage):
    """Items that pass on the unmutated build: only they can tell a mutant apart."""
    return [it for it in coverage["items"] if it["verdict"] == "pass" and it["compat"] != "differs"]


def relevant_lines(mutant, coverage):
    """{file: executable lines a mutant's items must execute}, or None when the change
    lies outside every function (a table, a macro, the header): then every item."""
    out = {}
    for name, (changed, inserted) in mutant.changes.items():
        if name not in coverage["functions"]:
            return None
        exe = coverage["executable"].get(name, [])
        exe_set = set(exe)
        funcs = coverage["functions"][name]

        def inside(ln):
            return any(start <= ln <= end for _, start, end in funcs)

        def around(ln, before=True, after=True):
            picked = set()
            if before:
                prev = [x for x in exe if x <= ln]
                if prev:
                    picked.add(prev[-1])
            if after:
                nxt = [x for x in exe if x > ln]
                if nxt:
                    picked.add(nxt[0])
            return picked

        lines = set()
        for ln in changed:
            if not inside(ln):
                return None
            lines |= {ln} if ln in exe_set else around(ln)
        for ln in inserted:
            if not inside(ln) and not inside(ln + 1):
                return None
            lines |= around(ln) | around(ln + 1, before=False)
        out[name] = lines
    return out


def select_items(mutant, coverage, all_items=False):
    """The usable items that execute a line the mutant changed. The likeliest
    killers first: those that run more of the changed lines, then more of the
    functions around them (they exercise what the change feeds), then the fastest."""
    usable = usable_items(coverage)
    relevant = None if all_items else relevant_lines(mutant, coverage)
    if relevant is None:
        return sorted(usable, key=lambda it: (it["duration_s"], it["case"], it["profile"]))
    around = {}
    for name, lines in relevant.items():
        spans = [(s, e) for _, s, e in coverage["functions"].get(name, [])
                 if any(s <= ln <= e for ln in lines)]
        around[name] = {ln for ln in coverage["executable"].get(name, [])
                        if any(s <= ln <= e for s, e in spans)}

    def hits(it, wanted):
        return sum(len(set(it["lines"].get(f, ())) & lines) for f, lines in wanted.items())

    chosen = [it for it in usable if hits(it, relevant)]
    return sorted(chosen, key=lambda it: (-hits(it, relevant), -hits(it, around), it["duration_s"],
                                          it["case"], it["profile"]))


# ---------------------------------------------------------------- running mutants

@dataclass
class Plan:
    """What every mutant run shares: the pristine build, cases, coverage, limits."""
    sources: dict
    pristine: Path                  # pristine build folder (sources + build/ref)
    cases: dict
    coverage: dict | None
    budget_s: float = MUTANT_BUDGET_S
    asan_items: int = 0             # > 0: survivors get this many items again under ASan
    all_items: bool = False
    only_cases: list | None = None  # (case, profile) pairs overriding selection (smoke)
    work: Path = WORK_DIR
    keep: bool = False

    def pristine_target(self, variant=BUILD_VARIANT):
        if variant == ASAN_VARIANT:
            return ref_target("ref-asan-pristine", self.pristine / "build" / variant, like="ref-asan")
        return ref_target("ref-pristine", self.pristine / "build" / variant)


def build_mutant(mutant, plan, variant=BUILD_VARIANT):
    """Build MUTANT (VARIANT ref or asan) in its own folder from a copy of the pristine
    build, so only the mutated files are compiled; a build of the same mutated sources
    already there is reused. (folder, build dir)."""
    folder = plan.work / "mutants" / mutant.id
    want = digest(sources_digest(plan.sources), sources_digest(mutant.sources))
    build_dir = folder / "build" / variant
    stamp = folder / f".sockconf-mutant-{variant}"
    if stamp.exists() and stamp.read_text(encoding="utf-8") == want:
        return folder, build_dir
    sources_stamp = folder / ".sockconf-mutant-sources"
    if not (sources_stamp.exists() and sources_stamp.read_text(encoding="utf-8") == want):
        copy_build(plan.pristine, folder)
        for name in changed_files(plan.sources, mutant.sources):
            (folder / name).write_text(mutant.sources[name], encoding="utf-8")
        sources_stamp.write_text(want, encoding="utf-8")
    make(folder, variant)
    stamp.write_text(want, encoding="utf-8")
    return folder, build_dir


def try_items(worker, entry, items, target, pristine, deadline, variant, budget_s):
    """Run ITEMS on TARGET until one kills (and passes on PRISTINE); fill ENTRY."""
    for it in items:
        if time.monotonic() > deadline:
            entry["outcome"] = "incomplete"
            entry["problem"] = f"budget of {budget_s:g}s spent after {entry['run']} items"
            return
        case = worker.cases[it["case"]]
        rec = worker.run(case, target, it["profile"])
        entry["run"] += 1
        why = unexpected(rec)
        if not why:
            continue
        # A kill counts only if the unmutated build passes the same item now.
        if unexpected(worker.run(case, pristine, it["profile"])):
            entry["flaky"].append(f"{it['case']}@{it['profile']}")
            continue
        message = rec["message"]
        if why == "compat" and rec.get("compat_differences"):
            d = rec["compat_differences"][0]
            message = f"compat: {d['message']}: tclsh 8.6.13 {d['expected']!r}, got {d['actual']!r}"
        entry["killed_by"].append({"case": it["case"], "profile": it["profile"], "verdict": why,
                                   "variant": variant, "message": message[:300]})
        entry["outcome"] = "killed"
        return


def spread(items, cases, count):
    """COUNT of the ranked ITEMS, spread over the case areas (async/, server/, io/, ...):
    the best-ranked item of each area first, then the next best of other cases."""
    picked, areas, seen = [], set(), set()
    for it in items:
        area = cases[it["case"]].area
        if area not in areas:
            areas.add(area)
            seen.add(it["case"])
            picked.append(it)
    for it in items:
        if it["case"] not in seen:
            seen.add(it["case"])
            picked.append(it)
    return picked[:count]


def run_mutant(worker, mutant, plan):
    """Build and run one mutant; its result entry for mutation.json."""
    started = time.monotonic()
    entry = mutant.summary()
    entry.update(outcome="", killed_by=[], selected=0, run=0, flaky=[], seconds=0.0)
    if mutant.problem:
        entry.update(outcome="stale", problem=mutant.problem)
        return entry
    try:
        folder, build_dir = build_mutant(mutant, plan)
    except (BuildError, subprocess.TimeoutExpired) as exc:
        entry.update(outcome="stillborn" if mutant.kind == "generated" else "broken",
                     problem=f"does not build: {exc}")
        return entry
    target = ref_target(f"mutant-{mutant.id}", build_dir)
    if plan.only_cases is not None:
        items = [{"case": c, "profile": p} for c, p in plan.only_cases]
    else:
        items = select_items(mutant, plan.coverage, plan.all_items)
    entry["selected"] = len(items)
    worker.cases = plan.cases
    deadline = time.monotonic() + plan.budget_s
    try_items(worker, entry, items, target, plan.pristine_target(), deadline, BUILD_VARIANT, plan.budget_s)
    if not entry["outcome"] and plan.asan_items > 0 and items:
        # make check also runs the suite on ref-asan: a leak or a memory error is a
        # kill there. A second chance for survivors, on their likeliest killers.
        try:
            _, asan_dir = build_mutant(mutant, plan, ASAN_VARIANT)
            asan = ref_target(f"mutant-asan-{mutant.id}", asan_dir, like="ref-asan")
            before = entry["run"]
            try_items(worker, entry, spread(items, plan.cases, plan.asan_items), asan,
                      plan.pristine_target(ASAN_VARIANT),
                      time.monotonic() + plan.budget_s, ASAN_VARIANT, plan.budget_s)
            entry["asan_run"] = entry["run"] - before
        except (BuildError, subprocess.TimeoutExpired) as exc:
            entry["problem"] = f"the ASan variant does not build: {str(exc)[-200:]}"
    if not entry["outcome"]:
        entry["outcome"] = "equivalent" if mutant.equivalent else "survived"
    if mutant.equivalent:
        entry["equivalent_reason"] = mutant.equivalent
        if entry["outcome"] == "killed":
            entry["problem"] = "marked equivalent in mutants/equivalent.toml, but a case kills it"
    entry["seconds"] = round(time.monotonic() - started, 1)
    if not plan.keep:
        shutil.rmtree(folder, ignore_errors=True)
    return entry


def run_mutants(mutants, plan, jobs):
    def one(worker, mutant):
        entry = run_mutant(worker, mutant, plan)
        by = entry["killed_by"][0] if entry["killed_by"] else None
        how = f"by {by['case']}@{by['profile']} ({by['verdict']})" if by else entry.get("problem", "")
        asan = entry.get("asan_run", 0)
        log(f"mutation: {entry['outcome']:10} {mutant.id:44} {entry['run'] - asan:3}/{entry['selected']:<3} "
            f"items{f' +{asan} ASan' if asan else ''} {entry['seconds']:6.1f}s {how}")
        return entry
    # The slowest mutants are the survivors, which run all their items; start the
    # mutants with most items first so the two workers end together.
    order = sorted(range(len(mutants)), key=lambda i: -len(
        select_items(mutants[i], plan.coverage, plan.all_items)) if plan.coverage and not mutants[i].problem
        else 0)
    results = run_parallel(jobs, [mutants[i] for i in order], one)
    out = [None] * len(mutants)
    for pos, i in enumerate(order):
        out[i] = results[pos]
    return out


def prepare(mutants, sources):
    for m in mutants:
        if m.kind == "curated" and not m.sources and not m.problem:
            apply_patch(m, sources)


def pristine_build(sources, work=WORK_DIR, asan=False):
    folder = work / "pristine"
    fresh_build(folder, sources, BUILD_VARIANT)
    if asan:
        make(folder, ASAN_VARIANT)
    return folder


def viable_generated(mutants, plan, count, jobs=DEFAULT_JOBS):
    """The first COUNT generated mutants (seed order) that compile; the others are
    stillborn and replaced by the next candidates. Built JOBS at a time; the builds
    are kept for the run."""
    chosen, stillborn, pos = [], [], 0

    def try_build(m):
        try:
            build_mutant(m, plan)
            return ""
        except (BuildError, subprocess.TimeoutExpired) as exc:
            shutil.rmtree(plan.work / "mutants" / m.id, ignore_errors=True)
            return str(exc)[-300:]

    while len(chosen) < count and pos < len(mutants):
        batch = mutants[pos:pos + max(jobs, count - len(chosen))]
        pos += len(batch)
        results = [None] * len(batch)

        def work(i):
            results[i] = try_build(batch[i])

        threads = [threading.Thread(target=lambda k=k: [work(i) for i in range(k, len(batch), jobs)])
                   for k in range(jobs)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for m, problem in zip(batch, results):
            if len(chosen) >= count:
                shutil.rmtree(plan.work / "mutants" / m.id, ignore_errors=True)
            elif problem:
                stillborn.append({**m.summary(), "outcome": "stillborn", "problem": problem})
            else:
                chosen.append(m)
    return chosen, stillborn


# ---------------------------------------------------------------- the report

def section(entries, kind):
    killed = sum(e["outcome"] == "killed" for e in entries)
    out = {"total": len(entries), "killed": killed, "mutants": entries}
    if kind == "generated":
        eq = sum(e["outcome"] == "equivalent" for e in entries)
        denom = len(entries) - eq
        out.update(equivalent=eq, survived=sum(e["outcome"] in ("survived", "incomplete") for e in entries),
                   score=round(killed / denom, 4) if denom else None)
    else:
        out["problems"] = sum(e["outcome"] in ("stale", "broken") for e in entries)
    return out


def verdict_of(doc, threshold=SCORE_THRESHOLD):
    """Problems that make `make mutation` fail (empty list: it passes)."""
    bad = []
    cur, gen = doc["curated"], doc["generated"]
    for e in cur["mutants"]:
        if e["outcome"] != "killed":
            bad.append(f"curated mutant {e['id']} {e['outcome']}: {e.get('problem') or e['description']}")
    if gen["total"] and (gen["score"] is None or gen["score"] < threshold):
        bad.append(f"generated score {gen['score']} is below {threshold}")
    return bad


def warnings_of(doc):
    """What the run should say but not fail on: equivalence marks a case disproves,
    survivors left without a mark or a case."""
    out = []
    for e in doc["generated"]["mutants"]:
        if e.get("equivalent_reason") and e["outcome"] == "killed":
            out.append(f"{e['id']} is marked equivalent in mutants/equivalent.toml, but "
                       f"{e['killed_by'][0]['case']} kills it: remove the mark")
        elif e["outcome"] in ("survived", "incomplete"):
            out.append(f"{e['id']} survived ({e['description']}): write a case, or mark it "
                       "equivalent with a reason")
    return out


# ---------------------------------------------------------------- commands

def available_profiles():
    return [name for name, p in profiles.REGISTRY.items() if p.available()[0]]


def setup(args, need_coverage=True):
    sources = read_sources()
    work = Path(args.work)
    cases = load_cases(Path(args.cases), snapshot=work / "cases")
    cov = None
    if need_coverage:
        cov = coverage_map(sources, cases, available_profiles(), args.jobs,
                           refresh=getattr(args, "refresh_coverage", False), work=work)
        if cov.get("cached"):
            log(f"mutation: coverage map from {COVERAGE_FILE.relative_to(paths.ROOT)} (unchanged)")
    asan_items = getattr(args, "asan_items", 0)
    log("mutation: building the pristine refsock" + (" (ref and asan)" if asan_items else ""))
    plan = Plan(sources=sources, pristine=pristine_build(sources, work, asan=asan_items > 0), cases=cases,
                coverage=cov, budget_s=args.budget, asan_items=asan_items, work=work,
                keep=getattr(args, "keep", False))
    return plan


def all_mutants(plan, args):
    curated = curated_mutants()
    prepare(curated, plan.sources)
    generated = sample_generated(plan.sources, plan.coverage, args.seed, load_equivalents())
    return curated, generated


def cmd_run(args):
    started, started_at = time.monotonic(), now_iso()
    plan = setup(args)
    plan.all_items = args.all_items
    curated, generated = all_mutants(plan, args)
    stillborn = []
    if args.curated_only:
        generated = []
    if args.generated_only:
        curated = []
    if args.only:
        wanted = set(args.only)
        curated = [m for m in curated if m.id in wanted]
        generated = [m for m in generated if m.id in wanted]
    elif args.count > 0:
        generated, stillborn = viable_generated(generated, plan, args.count, args.jobs)
    part = parse_part(args.part)
    if part is not None:
        # Part I of N: every Nth generated candidate (in seed order); the curated ones in part 1.
        i, n = part
        generated = [m for k, m in enumerate(generated) if k % n == i - 1]
        curated = curated if i == 1 else []
    log(f"mutation: {len(curated)} curated and {len(generated)} generated mutants "
        f"({len(stillborn)} stillborn candidates skipped), {args.jobs} workers"
        + (f", part {args.part}" if part else ""))
    entries = run_mutants(curated + generated, plan, args.jobs)
    cur_e, gen_e = entries[:len(curated)], entries[len(curated):]
    # Every candidate (--count 0) is built as it runs: those that do not compile are stillborn.
    stillborn += [e for e in gen_e if e["outcome"] == "stillborn"]
    gen_e = [e for e in gen_e if e["outcome"] != "stillborn"]
    equivalents = load_equivalents()
    sampled = {m.id for m in generated}
    usable = usable_items(plan.coverage)
    doc = {
        "schema": SCHEMA, "started": started_at, "written": now_iso(),
        "sources": sources_digest(plan.sources),
        "seconds": round(time.monotonic() - started, 1), "jobs": args.jobs,
        "selection": "every usable item" if args.all_items else "items covering the mutated lines",
        "coverage": {"items": len(plan.coverage["items"]), "usable": len(usable),
                     "cached": plan.coverage.get("cached", False),
                     "baseline_failures": [f"{it['case']}@{it['profile']}: {it['verdict']} {it['message']}"
                                           for it in plan.coverage["items"]
                                           if it not in usable]},
        "curated": section(cur_e, "curated"),
        "part": args.part or None,
        "generated": {**section(gen_e, "generated"), "seed": args.seed, "count": args.count or "all",
                      "stillborn": stillborn,
                      "unused_equivalents": sorted(set(equivalents) - sampled) if not args.only else []},
    }
    out = Path(args.out)
    write_atomic(out, json.dumps(doc, indent=1) + "\n")
    bad = verdict_of(doc)
    gen = doc["generated"]
    log(f"mutation: curated {doc['curated']['killed']}/{doc['curated']['total']} killed; generated "
        f"{gen['killed']} killed, {gen['equivalent']} equivalent, {gen['survived']} survived of "
        f"{gen['total']} (score {gen['score']}); {doc['seconds']:.0f}s -> {out}")
    for line in warnings_of(doc):
        log(f"mutation: note: {line}")
    for line in bad:
        log(f"mutation: FAIL {line}")
    return 1 if bad and not args.only else 0


def parse_part(text):
    """"I/N" -> (I, N), None for none; ConfigError otherwise."""
    if not text:
        return None
    i, _, n = str(text).partition("/")
    if not (i.isdigit() and n.isdigit() and 1 <= int(i) <= int(n)):
        raise ConfigError(f"--part must be I/N with 1 <= I <= N, not {text!r}")
    return int(i), int(n)


def remark(entry, equivalents):
    """A generated entry of a part under the marks of equivalent.toml as they are now: a
    mutant no case killed is equivalent exactly when it is marked (a mark added after its
    part ran counts, one removed no longer does); a killed one keeps its outcome, and a
    mark on it is reported as wrong, as run_mutant does."""
    e = dict(entry)
    reason = equivalents.get(e["id"], "")
    if e["outcome"] in ("survived", "equivalent"):
        e["outcome"] = "equivalent" if reason else "survived"
    e.pop("equivalent_reason", None)
    if reason:
        e["equivalent_reason"] = reason
        if e["outcome"] == "killed":
            e["problem"] = "marked equivalent in mutants/equivalent.toml, but a case kills it"
    return e


def missing_parts(parts):
    """The parts "I/N" that a set of parts lacks (none when it was not split)."""
    split = [parse_part(p) for p in parts if p]
    if not split:
        return []
    if len(split) != len(parts) or len({n for _, n in split}) != 1:
        raise ConfigError(f"the parts are not parts of one split: {', '.join(str(p) for p in parts)}")
    n = split[0][1]
    if len({i for i, _ in split}) != len(split):
        raise ConfigError(f"a part is given twice: {', '.join(parts)}")
    return [f"{i}/{n}" for i in range(1, n + 1) if (i, n) not in split]


def cmd_merge(args):
    """One mutation.json from the parts of a run (run --part I/N): sections and figures anew."""
    docs = []
    for f in args.files:
        try:
            docs.append(json.loads(Path(f).read_text(encoding="utf-8")))
        except (OSError, ValueError) as exc:
            raise ConfigError(f"{f}: {exc}") from None
    if len({d.get("sources") for d in docs}) != 1:
        raise ConfigError("the parts were run on different sources of reference-impl/")
    equivalents = load_equivalents()
    first = docs[0]
    cur = [e for d in docs for e in d["curated"]["mutants"]]
    gen = [remark(e, equivalents) for d in docs for e in d["generated"]["mutants"]]
    parts = [d.get("part") for d in docs]
    doc = {**first, "written": now_iso(), "part": None, "parts": parts, "missing_parts": missing_parts(parts),
           "started": min(d["started"] for d in docs),
           "seconds": round(sum(d["seconds"] for d in docs), 1),
           "curated": section(cur, "curated"),
           "generated": {**section(gen, "generated"), "seed": first["generated"]["seed"],
                         "count": first["generated"]["count"],
                         "stillborn": [e for d in docs for e in d["generated"].get("stillborn", [])],
                         "unused_equivalents": sorted(set(equivalents) - {e["id"] for e in gen})}}
    write_atomic(Path(args.out), json.dumps(doc, indent=1) + "\n")
    gen_s = doc["generated"]
    log(f"mutation: merged {len(docs)} parts: curated {doc['curated']['killed']}/{doc['curated']['total']} "
        f"killed; generated {gen_s['killed']} killed, {gen_s['equivalent']} equivalent, {gen_s['survived']} "
        f"survived of {gen_s['total']} (score {gen_s['score']}), {len(gen_s['stillborn'])} stillborn -> {args.out}")
    if doc["missing_parts"]:
        log(f"mutation: note: a partial run: part(s) {', '.join(doc['missing_parts'])} missing")
    for line in warnings_of(doc):
        log(f"mutation: note: {line}")
    bad = verdict_of(doc)
    for line in bad:
        log(f"mutation: FAIL {line}")
    return 1 if bad else 0


def cmd_list(args):
    plan_sources = read_sources()
    curated = curated_mutants()
    prepare(curated, plan_sources)
    for m in curated:
        state = f"  [{m.problem}]" if m.problem else ""
        print(f"{m.id}\t{m.clause}\t{m.description}{state}")
    if args.generated:
        cov = json.loads(COVERAGE_FILE.read_text(encoding="utf-8")) if COVERAGE_FILE.exists() else None
        if cov is None:
            raise ConfigError("no coverage map yet (run: sockconf mutation coverage)")
        for m in sample_generated(plan_sources, cov, args.seed, load_equivalents())[:args.count]:
            mark = "  [equivalent]" if m.equivalent else ""
            print(f"{m.id}\t{m.description}\t{m.mutated.strip()}{mark}")
    return 0


def find_mutant(mid, sources, seed):
    for m in curated_mutants():
        if m.id == mid:
            apply_patch(m, sources)
            return m
    cov = json.loads(COVERAGE_FILE.read_text(encoding="utf-8")) if COVERAGE_FILE.exists() else None
    if cov is not None:
        for m in sample_generated(sources, cov, seed, load_equivalents()):
            if m.id == mid:
                return m
    raise ConfigError(f"no mutant {mid} (curated patches, or generated ones of the coverage map)")


def cmd_show(args):
    sources = read_sources()
    m = find_mutant(args.id, sources, args.seed)
    if m.problem:
        print(m.problem)
        return 1
    for name in changed_files(sources, m.sources):
        sys.stdout.writelines(difflib.unified_diff(
            sources[name].splitlines(True), m.sources[name].splitlines(True), f"a/{name}", f"b/{name}"))
    if COVERAGE_FILE.exists():
        cov = json.loads(COVERAGE_FILE.read_text(encoding="utf-8"))
        items = select_items(m, cov)
        print(f"# {len(items)} items see it: " + " ".join(f"{i['case']}@{i['profile']}" for i in items[:40]))
    return 0


def cmd_build(args):
    """Build one mutant and write a setup script that loads it, for trying a case by hand:
    ./sockconf run --target NAME=tclsh8.6,setup=DIR/setup-ref.tcl -k CASE."""
    sources = read_sources()
    m = find_mutant(args.id, sources, args.seed)
    if m.problem:
        raise ConfigError(m.problem)
    work = Path(args.work)
    pristine = work / "pristine"
    asan = args.variant == ASAN_VARIANT
    if not (pristine / "build" / args.variant / "pkgIndex.tcl").exists() or read_sources(pristine) != sources:
        pristine = pristine_build(sources, work, asan=asan)
    folder, build_dir = build_mutant(m, Plan(sources=sources, pristine=pristine, cases={}, coverage=None,
                                             work=work), args.variant)
    setup_tcl = folder / f"setup-{args.variant}.tcl"
    setup_tcl.write_text(f"set ::env(REFSOCK_BUILD) {{{build_dir}}}\n"
                         f"source {{{REF_DIR / 'setup.tcl'}}}\n", encoding="utf-8")
    print(setup_tcl)
    return 0


def cmd_coverage(args):
    sources = read_sources()
    cases = load_cases(Path(args.cases))
    cov = coverage_map(sources, cases, available_profiles(), args.jobs, refresh=args.refresh_coverage,
                       work=Path(args.work))
    usable = usable_items(cov)
    lines = sum(len(v) for v in cov["covered"].values())
    exe = sum(len(v) for v in cov["executable"].values())
    print(f"{len(cov['items'])} items ({len(usable)} pass on the gcov build), {lines} of {exe} "
          "executable lines covered; " + ("cached" if cov.get("cached") else f"made in {cov['seconds']}s"))
    for it in cov["items"]:
        if it not in usable:
            print(f"  not usable: {it['case']}@{it['profile']}: {it['verdict']} {it['message']}")
    return 0


def cmd_prove(args):
    """Selection vs every item on a sample: the same mutants must be killed."""
    started = time.monotonic()
    plan = setup(args)
    curated, generated = all_mutants(plan, args)
    generated, _ = viable_generated(generated, plan, args.count, args.jobs)
    pool = curated + generated
    rng = random.Random(args.seed)
    previous = {}
    if Path(args.previous).exists():
        doc = json.loads(Path(args.previous).read_text(encoding="utf-8"))
        previous = {e["id"]: e["outcome"] for part in ("curated", "generated") for e in doc[part]["mutants"]}
    survivors = [m for m in pool if previous.get(m.id) in ("survived", "equivalent")]
    killed = [m for m in pool if m not in survivors]
    rng.shuffle(survivors)
    rng.shuffle(killed)
    half = min(len(survivors), args.sample // 2)
    sample = survivors[:half] + killed[:args.sample - half]
    log(f"mutation: proof on {len(sample)} mutants ({half} survivors of the last run)")
    plan.all_items = False
    selected = run_mutants(sample, plan, args.jobs)
    plan.all_items = True
    everything = run_mutants(sample, plan, args.jobs)
    rows = []
    for m, s, e in zip(sample, selected, everything):
        rows.append({"id": m.id, "selected_items": s["selected"], "selected_outcome": s["outcome"],
                     "all_items": e["selected"], "all_outcome": e["outcome"],
                     "selected_run": s["run"], "all_run": e["run"],
                     "selected_seconds": s["seconds"], "all_seconds": e["seconds"],
                     "same": (s["outcome"] == "killed") == (e["outcome"] == "killed")})
    doc = {"schema": SCHEMA + "-proof", "written": now_iso(), "seed": args.seed,
           "sample": len(rows), "same": sum(r["same"] for r in rows),
           "killed_selected": sum(r["selected_outcome"] == "killed" for r in rows),
           "killed_all": sum(r["all_outcome"] == "killed" for r in rows),
           "items_selected": sum(r["selected_items"] for r in rows),
           "items_all": sum(r["all_items"] for r in rows),
           "seconds_selected": round(sum(r["selected_seconds"] for r in rows), 1),
           "seconds_all": round(sum(r["all_seconds"] for r in rows), 1),
           "seconds": round(time.monotonic() - started, 1), "mutants": rows}
    write_atomic(Path(args.out), json.dumps(doc, indent=1) + "\n")
    log(f"mutation: proof: {doc['same']}/{doc['sample']} same outcome; killed {doc['killed_selected']} "
        f"(selection, {doc['items_selected']} items) vs {doc['killed_all']} (every item, "
        f"{doc['items_all']} items) -> {args.out}")
    return 0 if doc["same"] == doc["sample"] else 1


def load_smoke(path=SMOKE_FILE):
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    entries = data.get("smoke", [])
    for e in entries:
        for key in ("mutant", "expect", "reason", "cases"):
            if not e.get(key):
                raise ConfigError(f"{path}: every [[smoke]] entry needs {key}")
        if e["expect"] not in ("killed", "survived"):
            raise ConfigError(f"{path}: expect is killed or survived, not {e['expect']!r}")
    return entries


def cmd_smoke(args):
    """Two mutants through the whole machinery (patch, build, run, judge), no coverage map."""
    started = time.monotonic()
    sources = read_sources()
    cases = load_cases(Path(args.cases))
    work = Path(args.work)
    plan = Plan(sources=sources, pristine=pristine_build(sources, work), cases=cases, coverage=None,
                budget_s=args.budget, work=work)
    rows, ok = [], True
    worker = Worker("msmoke")
    try:
        for e in load_smoke():
            m = Mutant(id=Path(e["mutant"]).stem, kind="curated", description=e["reason"],
                       patch=MUTANTS_DIR / e["mutant"], clause=e.get("clause", ""))
            apply_patch(m, sources)
            plan.only_cases = [(c, p) for c in e["cases"] for p in e.get("profiles", ["host"])]
            entry = run_mutant(worker, m, plan)
            outcome = "killed" if entry["outcome"] == "killed" else entry["outcome"]
            entry["expected"] = e["expect"]
            ok &= outcome == e["expect"]
            rows.append(entry)
            log(f"mutation smoke: {m.id}: {outcome} (expected {e['expect']})")
    finally:
        worker.close()
    doc = {"schema": SCHEMA + "-smoke", "seconds": round(time.monotonic() - started, 1), "mutants": rows,
           "ok": ok}
    if args.out:
        write_atomic(Path(args.out), json.dumps(doc, indent=1) + "\n")
    return 0 if ok else 1


def setup_script(folder, build_dir, name):
    """A setup script that loads the refsock build in BUILD_DIR, for --target NAME=tclsh8.6,setup=."""
    path = Path(folder) / f"setup-{name}.tcl"
    path.write_text(f"set ::env(REFSOCK_BUILD) {{{build_dir}}}\n"
                    f"source {{{REF_DIR / 'setup.tcl'}}}\n", encoding="utf-8")
    return path


def cmd_explore(args):
    """The differential explorer (sockconf.explore) on pristine refsock against each mutant that
    survived a run (--from its mutation.json): a survivor the explorer tells apart from the
    pristine build is a missing case; its minimised candidates are in WORK/explore/ID/."""
    doc = json.loads(Path(args.previous).read_text(encoding="utf-8"))
    wanted = ("survived", "incomplete") + (("equivalent",) if args.equivalent else ())
    entries = [e for part in ("curated", "generated") for e in doc[part]["mutants"] if e["outcome"] in wanted]
    if args.only:
        entries = [e for e in entries if e["id"] in set(args.only)]
    sources = read_sources()
    if doc.get("sources") != sources_digest(sources):
        log("mutation: note: the sources changed since that run; its survivors are rebuilt from today's")
    work = Path(args.work)
    pristine = pristine_build(sources, work)
    pristine_setup = setup_script(pristine, pristine / "build" / BUILD_VARIANT, "pristine")
    plan = Plan(sources=sources, pristine=pristine, cases={}, coverage=None, work=work, keep=True)
    rows, started = [], time.monotonic()
    for e in entries:
        m = find_mutant(e["id"], sources, args.seed)
        row = {"id": m.id, "description": m.description, "outcome_before": e["outcome"]}
        try:
            folder, build_dir = build_mutant(m, plan)
        except (BuildError, subprocess.TimeoutExpired) as exc:
            rows.append({**row, "explored": "does not build", "problem": str(exc)[-300:]})
            continue
        out = work / "explore" / m.id
        p = argparse.ArgumentParser()
        explore.add_arguments(p)
        xargs = p.parse_args(["--seed", str(args.explore_seed), "--budget", str(args.programs),
                              "--time-limit", str(args.time_limit), "--jobs", str(args.jobs),
                              "--out", str(out), "--target", f"pristine=tclsh8.6,setup={pristine_setup}",
                              "--target", f"mutant=tclsh8.6,setup={setup_script(folder, build_dir, 'mutant')}"])
        xargs.known, xargs.argv = Path(xargs.known), []
        out.mkdir(parents=True, exist_ok=True)
        xdoc = explore.explore(xargs, log=lambda msg: None)
        write_atomic(out / "explore.json", json.dumps(xdoc, indent=1) + "\n")
        new = [d for d in xdoc["differences"] if not d["known"] and not d["flaky"]]
        row.update(explored="told apart" if new else "not told apart", programs=xdoc["programs"]["run"],
                   differences=len(new), candidates=[str(out / d["candidate"]) for d in new if d.get("candidate")],
                   first=(f"{new[0]['key']} ({new[0]['op']}): {new[0]['a'][:120]} | {new[0]['b'][:120]}"
                          if new else ""))
        rows.append(row)
        log(f"mutation: explore {m.id:44} {row['explored']:15} {row['programs']} programs"
            + (f"; {row['first']}" if new else ""))
    report = {"schema": SCHEMA + "-explore", "written": now_iso(), "from": str(args.previous),
              "seed": args.explore_seed, "programs": args.programs, "seconds": round(time.monotonic() - started, 1),
              "explored": len(rows), "told_apart": sum(r.get("explored") == "told apart" for r in rows),
              "mutants": rows}
    write_atomic(Path(args.out), json.dumps(report, indent=1) + "\n")
    log(f"mutation: the explorer told {report['told_apart']} of {report['explored']} survivors apart "
        f"from pristine refsock -> {args.out}")
    return 0


def build_parser():
    p = argparse.ArgumentParser(prog="sockconf mutation", description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="command", required=True)

    def common(sp, coverage=True):
        sp.add_argument("--jobs", "-j", type=int, default=DEFAULT_JOBS, metavar="N", help="workers (at most 2 here)")
        sp.add_argument("--seed", type=int, default=DEFAULT_SEED, help="seed of the generated sample")
        sp.add_argument("--count", type=int, default=DEFAULT_COUNT,
                        help="generated mutants to run (0: every candidate over the covered lines)")
        sp.add_argument("--budget", type=float, default=MUTANT_BUDGET_S, metavar="S",
                        help="seconds of case runs per mutant at most")
        sp.add_argument("--work", default=str(WORK_DIR), metavar="DIR", help="build folder")
        sp.add_argument("--cases", default=str(paths.CASES), metavar="DIR",
                        help="the case folder (default cases/): e.g. a copy without some cases")
        if coverage:
            sp.add_argument("--refresh-coverage", action="store_true", help="remake the coverage map")

    r = sub.add_parser("run", help="run every curated mutant and the generated sample (make mutation)")
    common(r)
    r.add_argument("--out", default=str(REPORT_FILE), metavar="FILE")
    r.add_argument("--only", nargs="+", metavar="ID", help="only these mutants (no gate)")
    r.add_argument("--curated-only", action="store_true")
    r.add_argument("--generated-only", action="store_true")
    r.add_argument("--all-items", action="store_true", help="run every usable item, not the selection")
    r.add_argument("--keep", action="store_true", help="keep the mutants' build folders")
    r.add_argument("--asan-items", type=int, default=ASAN_ITEMS, metavar="N",
                   help="run a survivor's first N items again on its ASan build (0: never)")
    r.add_argument("--part", metavar="I/N", help="only part I of N of the mutants (merge the parts after)")
    mg = sub.add_parser("merge", help="one mutation.json from the parts of a run")
    mg.add_argument("files", nargs="+", metavar="FILE")
    mg.add_argument("--out", default=str(REPORT_FILE), metavar="FILE")
    ls = sub.add_parser("list", help="list the curated mutants (and the generated sample)")
    common(ls, coverage=False)
    ls.add_argument("--generated", action="store_true")
    sh = sub.add_parser("show", help="print a mutant's diff and the items that see it")
    common(sh, coverage=False)
    sh.add_argument("id")
    b = sub.add_parser("build", help="build one mutant; print a setup script for --target NAME=tclsh8.6,setup=FILE")
    common(b, coverage=False)
    b.add_argument("id")
    b.add_argument("--variant", choices=(BUILD_VARIANT, ASAN_VARIANT), default=BUILD_VARIANT,
                   help="asan: run it with --target NAME=reference-impl/tclsh-asan,setup=FILE")
    c = sub.add_parser("coverage", help="make (or check) the per-item coverage map")
    common(c)
    pr = sub.add_parser("prove", help="check on a sample that the selection kills what every item kills")
    common(pr)
    pr.add_argument("--sample", type=int, default=10)
    pr.add_argument("--asan-items", type=int, default=ASAN_ITEMS, metavar="N")
    pr.add_argument("--previous", default=str(REPORT_FILE), metavar="FILE",
                    help="a mutation.json whose survivors make half the sample")
    pr.add_argument("--out", default=str(paths.REPORTS / "mutation-proof.json"), metavar="FILE")
    ex = sub.add_parser("explore", help="the explorer against the survivors of a run (a missing case each "
                                        "one it tells apart)")
    common(ex, coverage=False)
    ex.add_argument("--from", dest="previous", default=str(REPORT_FILE), metavar="FILE",
                    help="the mutation.json whose survivors to explore")
    ex.add_argument("--only", nargs="+", metavar="ID")
    ex.add_argument("--equivalent", action="store_true", help="also the mutants marked equivalent")
    ex.add_argument("--programs", type=int, default=150, metavar="N", help="programs per mutant")
    ex.add_argument("--explore-seed", type=int, default=1, metavar="S")
    ex.add_argument("--time-limit", type=float, default=120, metavar="SECONDS", help="per mutant")
    ex.add_argument("--out", default=str(paths.REPORTS / "mutation-explore.json"), metavar="FILE")
    sm = sub.add_parser("smoke", help="two mutants of mutants/smoke.toml: one killed, one equivalent")
    common(sm, coverage=False)
    sm.add_argument("--out", default="", metavar="FILE")
    return p


def main(argv=None):
    args = build_parser().parse_args(argv)
    if getattr(args, "jobs", 1) < 1:
        args.jobs = 1
    try:
        return {"run": cmd_run, "list": cmd_list, "show": cmd_show, "coverage": cmd_coverage,
                "prove": cmd_prove, "smoke": cmd_smoke, "build": cmd_build, "merge": cmd_merge,
                "explore": cmd_explore}[args.command](args)
    except ConfigError as exc:
        print(f"mutation: {exc}", file=sys.stderr)
        return 2
