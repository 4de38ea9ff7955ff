"""What is derived, not kept by hand: which cases test an ambiguity's readings,
which cases cover a clause, which clause tags the C code carries.

Everything here is computed from the case files' frontmatter (casefile.load_all,
the one way cases are found) and from the reference implementation's sources;
`./sockconf clauses` and `./sockconf ambiguities` show it. spec/ambiguities.yaml
and spec/clauses.yaml hold what a person decides (the question, the readings,
what tclsh does, the requirement), never these lists.
"""

import re
from collections import defaultdict
from pathlib import Path

from . import paths

CODE = paths.ROOT / "reference-impl"
TAG_RE = re.compile(r"/\*.*?\[([a-z0-9]+(?:[.-][a-z0-9]+)+)\].*?\*/", re.DOTALL)


def cases_by_clause(cases):
    """{clause id: [case ids]} from the cases' `clauses:`."""
    out = defaultdict(list)
    for c in cases:
        for cl in c.clauses:
            out[cl].append(c.id)
    return dict(out)


def cases_by_reading(cases):
    """{ambiguity id: {reading id: [case ids]}} from the cases' `readings:`."""
    out = defaultdict(lambda: defaultdict(list))
    for c in cases:
        for reading in c.readings:
            amb, _, rid = reading.partition(":")
            out[amb][rid].append(c.id)
    return {a: dict(r) for a, r in out.items()}


def code_tags(folder=CODE):
    """{clause id: ["file.c:LINE", ...]} of the clause tags (/* [clause.id] */) in
    reference-impl's C sources and header."""
    out = defaultdict(list)
    for path in sorted(Path(folder).glob("*.[ch]")):
        text = path.read_text(encoding="utf-8", errors="replace")
        for m in TAG_RE.finditer(text):
            for tag in re.findall(r"\[([a-z0-9]+(?:[.-][a-z0-9]+)+)\]", m.group(0)):
                line = text.count("\n", 0, m.start()) + 1
                out[tag].append(f"{path.name}:{line}")
    return dict(out)
