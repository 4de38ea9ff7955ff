"""The result record of one item: a typed object, its JSON form, and the one place it is made.

Record.new() builds it (for a run, a skip or a harness error), the runner fills
in what the run showed, expect() puts the target's expectation beside the
status, and to_json() is what results.json holds (spec/results.schema.json,
which the self-tests check every produced file against, and spec/
INTERPRETING.md section 6). A file's records are read back as dicts: every
report, comparison and gate reads the JSON form, so there is one form on disk
and one object in flight.

Status and expectation stay side by side (as wptrunner keeps status and
expected): `status` is what happened, `expected_verdict` what the target's
expectation says, and the verdict the gate sees is derived from both
(sockconf.model.expected) - never overwritten in place.
"""

from dataclasses import dataclass, field, fields

from . import model, paths

ABSENT = None       # an optional key that is not written


@dataclass
class Record:
    case: str
    slug: str
    target: str
    profile: str
    status: str                     # what happened: a verdict of model.VERDICTS
    message: str = ""
    duration_s: float = 0.0
    clauses: list = field(default_factory=list)
    observations: dict = field(default_factory=dict)
    measurements: dict = field(default_factory=dict)
    compat: str = "unchecked"
    compat_differences: list = field(default_factory=list)
    title: str = ""
    path: str = ""
    # written only when the item has them
    line: str = ABSENT              # the case line of the terminal record
    expected: str = ABSENT          # the failed assertion's expected and actual values
    actual: str = ABSENT
    errorcode: str = ABSENT
    tcl: str = ABSENT               # the interpreter's patch level, as the case saw it
    exit: int = ABSENT              # the process's status (null: it timed out)
    ran: bool = False               # the interpreter ran (exit, stdout and stderr are written)
    stdout: str = ABSENT
    stderr: str = ABSENT
    harness: str = ABSENT           # a failure of the harness itself
    faults: list = ABSENT           # what the fault shim injected where
    expected_verdict: str = ABSENT  # the target's expectation ...
    expectation: str = ABSENT       # ... and its reason

    # ------------------------------------------------------ making one

    @classmethod
    def new(cls, case, target, profile, status, message="", **values):
        """The record of CASE (a casefile.Case) on TARGET in PROFILE (names)."""
        path = case.path
        shown = str(path.relative_to(paths.ROOT)) if path.is_relative_to(paths.ROOT) else str(path)
        return cls(case=case.id, slug=case.slug, target=target, profile=profile, status=status,
                   message=message, clauses=list(case.clauses), title=case.title, path=shown,
                   **values)

    @property
    def verdict(self):
        """What the gate sees: the status as the expectation turns it (model.expected)."""
        return model.expected(self.status, self.expected_verdict)

    def expect(self, expectation):
        """Put the target's EXPECTATION (targets.Expectation, or None) beside the status."""
        if expectation is None:
            return self
        self.expected_verdict = expectation.verdict
        self.expectation = expectation.reason
        if self.verdict == "xpass":
            self.message = f"passed, but expected {expectation.verdict}: {expectation.reason}"
        return self

    # ------------------------------------------------------ its JSON form

    REQUIRED = ("case", "slug", "target", "profile", "verdict", "duration_s", "clauses",
                "message", "observations", "measurements", "compat", "compat_differences",
                "title", "path")
    OPTIONAL = ("line", "expected", "actual", "errorcode", "tcl", "stdout", "stderr", "harness",
                "faults", "expected_verdict", "expectation")

    def to_json(self):
        """The record as results.json holds it."""
        out = {k: (self.verdict if k == "verdict" else getattr(self, k)) for k in self.REQUIRED}
        if self.ran:
            out["exit"] = self.exit
        for k in self.OPTIONAL:
            value = getattr(self, k)
            if value is not ABSENT:
                out[k] = value
        if self.status != self.verdict:
            out["raw_verdict"] = self.status
        return out

    @classmethod
    def from_json(cls, data):
        """A Record from its JSON form (a record of a validated results file)."""
        names = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in names}
        values["status"] = data.get("raw_verdict", data["verdict"])
        values["ran"] = "exit" in data
        return cls(**values)


def json_keys():
    """Every key a record's JSON form may have (besides "runs" and "flaky" of a
    repeated item, model.combine_runs): for the schema's consistency test."""
    return set(Record.REQUIRED) | set(Record.OPTIONAL) | {"exit", "raw_verdict", "runs", "flaky"}
