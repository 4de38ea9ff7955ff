"""Case files: NNNN-slug.tcl with a YAML frontmatter block in leading comments.

    # ---
    # id: 0301
    # title: a refused -async connect is reported once through -error
    # clauses: [client.async.failure-event, option.error.reset]
    # requires: [ipv4]
    # timeout: 5
    # includes: [pending.tcl]
    # faults: [send/client:SHORT=7, "accept4:EMFILE accept:EMFILE"]
    # ---

Every problem is reported as MetadataError(path, line, what is wrong). The
rules of `faults:` (each entry a group of alternative rules, of which one must
fire) and the literal rules of the body's with_fault calls are checked
against the fault shim's grammar (sockconf.faults) when harness/native is
built.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import faults as fault_rules
from . import paths
from .errors import ConfigError, MetadataError
from .profiles import declared_params

NAME_RE = re.compile(r"^(\d{4})-([a-z0-9]+(?:-[a-z0-9]+)*)\.tcl$")
ID_RE = re.compile(r"^\d{4}$")
FENCE = "# ---"
DEFAULT_TIMEOUT = 10.0
MAX_TIMEOUT = 120.0
KEYS = {"id", "title", "clauses", "requires", "params", "profiles", "timeout", "readings", "includes",
        "faults"}
PARAM_USE_RE = re.compile(r"\[param\s+([^\s\]]+)")
INCLUDE_DIR = paths.TCL / "include"
INCLUDE_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\.tcl$")
REQUIRED = ("id", "title", "clauses")
FAULT_SHIM = "fault-shim"
# A literal rule list given to with_fault or set as ::env(SOCKCONF_FAULT_FAIL) in a case body
# ("..." or {...} or a bare word without substitutions).
LITERAL = r'(?:"([^"$\[\\]*)"|\{([^{}]*)\}|([^\s"{$\[;]+))(?=[\s;]|$)'
FAULT_USE_RE = re.compile(r"(?:\bwith_fault|\bset\s+(?:::)?env\(SOCKCONF_FAULT_FAIL\))\s+" + LITERAL)


@dataclass
class Case:
    path: Path
    id: str
    slug: str
    title: str
    clauses: list
    requires: list = field(default_factory=list)
    params: list = field(default_factory=list)
    profiles: list | None = None    # run only in these profiles (None: every one that fits)
    timeout: float = DEFAULT_TIMEOUT
    readings: list = field(default_factory=list)
    includes: list = field(default_factory=list)
    faults: list = field(default_factory=list)     # [(group of rules, frontmatter line)]
    line: int = 1           # line of the first statement after the frontmatter

    @property
    def name(self):
        return f"{self.id}-{self.slug}"

    @property
    def area(self):
        return self.path.parent.name


def is_case_path(path: Path) -> bool:
    return NAME_RE.match(path.name) is not None


def _frontmatter(path: Path, lines):
    """Return (yaml_text, first_line_no, end_line_no) of the frontmatter."""
    if not lines or lines[0].rstrip() != FENCE:
        raise MetadataError(path, 1, f"a case must start with a '{FENCE}' frontmatter line")
    body = []
    for no, raw in enumerate(lines[1:], start=2):
        line = raw.rstrip("\n")
        if line.rstrip() == FENCE:
            return "\n".join(body) + "\n", 2, no
        if line == "#":
            body.append("")
        elif line.startswith("# "):
            body.append(line[2:])
        else:
            raise MetadataError(path, no, "frontmatter lines must start with '# ' "
                                f"(or close the block with '{FENCE}')")
    raise MetadataError(path, len(lines), f"frontmatter is not closed by '{FENCE}'")


def _string_list(path, node, key):
    if isinstance(node, yaml.ScalarNode) and node.value == "" and key != "clauses":
        return []
    if not isinstance(node, yaml.SequenceNode):
        raise MetadataError(path, None, f"'{key}' must be a list like [a, b]")
    out = []
    for item in node.value:
        if not isinstance(item, yaml.ScalarNode) or not item.value:
            raise MetadataError(path, item.start_mark.line, f"'{key}' entries must be plain names")
        out.append((item.value, item.start_mark.line))
    return out


def parse(path: Path, spec=None) -> Case:
    """Parse and validate a case file; spec (sockconf.spec.Spec) checks ids."""
    path = Path(path)
    m = NAME_RE.match(path.name)
    if not m:
        raise MetadataError(path, 1, "case file names are NNNN-slug.tcl "
                            "(four digits, lowercase words joined by '-')")
    if path.exists() and not path.is_file():
        what = "a folder" if path.is_dir() else "a FIFO, socket or device"
        raise MetadataError(path, 1, f"a case file must be a regular file, not {what}")
    try:
        lines = path.read_text(encoding="utf-8").splitlines(True)
    except UnicodeDecodeError as exc:
        raise MetadataError(path, 1, f"not UTF-8: {exc.reason}") from None
    except OSError as exc:
        raise MetadataError(path, 1, f"cannot read: {exc.strerror}") from None
    text, first, end = _frontmatter(path, lines)
    offset = first  # YAML line 0 is file line `first`
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + offset if mark else first
        raise MetadataError(path, line, f"invalid YAML: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(node, yaml.MappingNode):
        raise MetadataError(path, first, "frontmatter must be a YAML mapping of keys")

    def err(line, message):
        # line is a YAML (0-based) line or None for the key's own line
        return MetadataError(path, line + offset, message)

    fields, key_lines = {}, {}
    for knode, vnode in node.value:
        key = knode.value
        line = knode.start_mark.line
        if key not in KEYS:
            raise err(line, f"unknown key '{key}' (known: {', '.join(sorted(KEYS))})")
        if key in fields:
            raise err(line, f"duplicate key '{key}'")
        fields[key], key_lines[key] = vnode, line
    for key in REQUIRED:
        if key not in fields:
            raise MetadataError(path, end, f"missing required key '{key}'")

    def scalar(key):
        vnode = fields[key]
        if not isinstance(vnode, yaml.ScalarNode):
            raise err(key_lines[key], f"'{key}' must be a single value")
        return vnode.value

    def names(key):
        try:
            return _string_list(path, fields[key], key)
        except MetadataError as exc:
            line = exc.line if exc.line is not None else key_lines[key]
            raise err(line, exc.message) from None

    case_id = scalar("id")
    if not ID_RE.match(case_id):
        raise err(key_lines["id"], f"id must be four digits, not {case_id!r}")
    if case_id != m.group(1):
        raise err(key_lines["id"], f"id {case_id} does not match the file name {path.name}")
    title = scalar("title").strip()
    if not title:
        raise err(key_lines["title"], "title is empty")
    clauses = names("clauses")
    if not clauses:
        raise err(key_lines["clauses"], "a case must list at least one clause")
    requires = names("requires") if "requires" in fields else []
    params = names("params") if "params" in fields else []
    only = names("profiles") if "profiles" in fields else None
    if only is not None:
        from .profiles import REGISTRY
        if not only:
            raise err(key_lines["profiles"], "'profiles' must name at least one profile")
        for name, line in only:
            if name not in REGISTRY:
                raise err(line, f"unknown profile '{name}' (known: {', '.join(REGISTRY)})")
    readings = names("readings") if "readings" in fields else []
    includes = names("includes") if "includes" in fields else []
    for inc, line in includes:
        if not INCLUDE_RE.match(inc) or not (INCLUDE_DIR / inc).is_file():
            raise err(line, f"unknown include '{inc}' (files in harness/tcl/include/)")
    declared = names("faults") if "faults" in fields else []
    for text, line in declared:
        if ";" in text:
            raise err(line, "each entry of 'faults' is one group of rules: list groups as "
                      "entries of their own, without ';'")
        why = fault_rules.check(text)
        if why:
            raise err(line, f"malformed fault rule {why}")
    if declared and FAULT_SHIM not in {r for r, _ in requires}:
        raise err(key_lines["faults"], f"a case with 'faults' must require {FAULT_SHIM} "
                  "(elsewhere no shim could inject them)")
    timeout = DEFAULT_TIMEOUT
    if "timeout" in fields:
        raw = scalar("timeout")
        try:
            timeout = float(raw)
        except ValueError:
            raise err(key_lines["timeout"], f"timeout must be a number of seconds, not {raw!r}") from None
        if not 0 < timeout <= MAX_TIMEOUT:
            raise err(key_lines["timeout"], f"timeout must be in (0, {MAX_TIMEOUT:g}] seconds")

    if spec is not None:
        for cid, line in clauses:
            if cid not in spec.clauses:
                raise err(line, f"unknown clause id '{cid}' (not in spec/clauses.yaml)")
            if spec.clauses[cid].data.get("testable") == "false":
                raise err(line, f"clause '{cid}' is marked untestable in spec/clauses.yaml")
        for cap, line in requires:
            if cap not in spec.capabilities:
                raise err(line, f"unknown capability '{cap}' (not in spec/capabilities.yaml)")
        for reading, line in readings:
            amb, _, rid = reading.partition(":")
            known = spec.ambiguities.get(amb)
            if known is None or rid not in {r.get("id") for r in known.data.get("readings", [])}:
                raise err(line, f"unknown reading '{reading}' (expected ambiguity-id:reading-id "
                          "from spec/ambiguities.yaml)")
    known_params = declared_params()
    for name, line in params:
        if name not in known_params:
            raise err(line, f"unknown parameter '{name}' (no profile declares it; known: "
                      f"{', '.join(sorted(known_params))})")
    listed = {p for p, _ in params}
    for no, text in enumerate(lines[end:], start=end + 1):
        for used in PARAM_USE_RE.findall(text):
            if used not in listed:
                raise MetadataError(path, no, f"'param {used}' is used but {used} is not listed "
                                    "in the frontmatter's params:")
        for use in ([] if text.lstrip().startswith("#") else FAULT_USE_RE.finditer(text)):
            rules = next(g for g in use.groups() if g is not None)
            why = fault_rules.check(rules) if rules.strip() else "no rule given"
            if why:
                raise MetadataError(path, no, f"malformed fault rule {why}")
        if re.match(r"\s*skip\s", text) or "[skip " in text:
            raise MetadataError(path, no, "a case cannot skip: skips belong to the harness "
                                "(requires: capabilities, params: profile parameters)")
    for key, items in (("clauses", clauses), ("requires", requires), ("params", params),
                       ("profiles", only or []), ("faults", declared)):
        seen = set()
        for value, line in items:
            if value in seen:
                raise err(line, f"'{value}' is listed twice in '{key}'")
            seen.add(value)

    return Case(path=path, id=case_id, slug=m.group(2), title=title,
                clauses=[c for c, _ in clauses], requires=[r for r, _ in requires],
                params=[p for p, _ in params],
                profiles=None if only is None else [p for p, _ in only],
                timeout=timeout, readings=[r for r, _ in readings],
                includes=[INCLUDE_DIR / i for i, _ in includes],
                faults=[(text, line + offset) for text, line in declared], line=end + 1)


def discover(root: Path):
    """Every case file under root, sorted by number: the one way case files are found
    (the pytest plugin collects the same, is_case_path)."""
    return sorted((p for p in Path(root).rglob("*.tcl") if is_case_path(p)), key=lambda p: p.name)


def load_all(root: Path, spec=None):
    """Every case under ROOT (discover), parsed and checked against SPEC; a missing
    folder or an id used twice is an error naming the files."""
    root = Path(root)
    if not root.is_dir():
        raise ConfigError(f"case folder {root} does not exist")
    cases, seen = [], {}
    for path in discover(root):
        case = parse(path, spec)
        if case.id in seen:
            raise MetadataError(path, 1, f"case id {case.id} is also used by {seen[case.id]}")
        seen[case.id] = path
        cases.append(case)
    return cases

