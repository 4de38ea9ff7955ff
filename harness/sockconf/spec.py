"""The registries in spec/: clauses, capabilities and ambiguities.

Each file is a YAML list of mappings with an ``id``. Loading checks the shape
and reports problems as file:line, so a typo in spec/ fails as clearly as a
typo in a case.
"""

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from . import paths
from .errors import MetadataError

STRENGTHS = ("must", "should", "implementation-defined", "informative")
SCOPES = ("profile", "target")      # who offers a capability: the host set-up, or the target


@dataclass
class Entry:
    id: str
    line: int
    data: dict = field(default_factory=dict)


def load_nodes(path: Path):
    """Parse a YAML file into (value, node) keeping line numbers; scalars stay strings."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise MetadataError(path, 0, f"cannot read: {exc.strerror}") from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        raise MetadataError(path, line, f"invalid YAML: {getattr(exc, 'problem', exc)}") from None
    return node


def _plain(node):
    """A composed node as plain Python data with every scalar as a string."""
    if isinstance(node, yaml.MappingNode):
        return {k.value: _plain(v) for k, v in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [_plain(v) for v in node.value]
    return node.value


def load_registry(path: Path, required=("id",)):
    """Load a registry file: a list of mappings with unique ids."""
    node = load_nodes(path)
    if not isinstance(node, yaml.SequenceNode):
        raise MetadataError(path, 1, "expected a YAML list of entries")
    entries = {}
    for item in node.value:
        line = item.start_mark.line + 1
        if not isinstance(item, yaml.MappingNode):
            raise MetadataError(path, line, "each entry must be a mapping")
        data = _plain(item)
        for key in required:
            if key not in data or data[key] in ("", None):
                raise MetadataError(path, line, f"entry has no '{key}'")
        if data["id"] in entries:
            raise MetadataError(path, line, f"duplicate id '{data['id']}' "
                                f"(first at line {entries[data['id']].line})")
        entries[data["id"]] = Entry(data["id"], line, data)
    return entries


@dataclass
class Spec:
    clauses: dict
    capabilities: dict
    ambiguities: dict

    def testable_clauses(self):
        return [c for c in self.clauses.values() if c.data.get("testable") == "true"]

    def target_capabilities(self):
        """Ids of the capabilities a target offers unless it `lacks` them."""
        return {c.id for c in self.capabilities.values() if c.data.get("scope") == "target"}


def check_clauses(path, clauses):
    """Field-level checks of clauses.yaml beyond the generic registry shape."""
    for c in clauses.values():
        d = c.data
        if d.get("strength") not in STRENGTHS:
            raise MetadataError(path, c.line, f"clause {c.id}: strength must be one of "
                                f"{', '.join(STRENGTHS)}, not {d.get('strength')!r}")
        if d.get("testable") not in ("true", "false"):
            raise MetadataError(path, c.line, f"clause {c.id}: testable must be true or false")
        if d["testable"] == "false" and not d.get("reason"):
            raise MetadataError(path, c.line, f"clause {c.id}: untestable clause needs a reason")


@lru_cache(maxsize=None)
def load(root: Path = paths.SPEC) -> Spec:
    clauses_path = root / "clauses.yaml"
    clauses = load_registry(clauses_path, ("id", "section", "text", "strength", "testable"))
    check_clauses(clauses_path, clauses)
    caps_path = root / "capabilities.yaml"
    capabilities = load_registry(caps_path, ("id", "description"))
    for c in capabilities.values():
        if c.data.get("scope", "profile") not in SCOPES:
            raise MetadataError(caps_path, c.line, f"capability {c.id}: scope must be one of "
                                f"{', '.join(SCOPES)}, not {c.data.get('scope')!r}")
    amb_path = root / "ambiguities.yaml"
    ambiguities = load_registry(amb_path, ("id", "readings")) if amb_path.exists() else {}
    for a in ambiguities.values():
        if "cases" in a.data:
            raise MetadataError(amb_path, a.line, f"ambiguity {a.id}: 'cases' is computed from the "
                                "cases' readings: (./sockconf ambiguities), not kept here: remove it")
    return Spec(clauses, capabilities, ambiguities)
