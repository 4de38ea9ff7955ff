"""The gate: is a run green? One function for every path that answers it.

`./sockconf run`, `report`, `diff` (of two files), `merge`, `--baseline` and
ci/gate.sh all judge a results document with judge() here, so they cannot
disagree:

  * a run that is incomplete (interrupted, a harness failure, fewer records
    than selected items) is never green;
  * without a baseline, a record is unexpected when its verdict is not one of
    EXPECTED, when its item is flaky, or when its target ran with
    --strict-compat and it differs from tclsh 8.6.13 (compat "differs");
  * against a baseline, the gate is "nothing got worse": a regression is a
    result that was not unexpected in the baseline (judged with this run's
    strictness) and is unexpected now, a verdict that went from expected to
    unexpected, a pass that became a skip, or an unexpected result of an item
    the baseline does not have.

Whether one record fails the gate, and whether it got worse, is
sockconf.model's (unexpected_reason, regressed); this module judges runs.
Documents with a record twice for one item never get here: results.load
refuses them (exit 2).
"""

from dataclasses import dataclass, field

from . import model

def strict_for(doc, target):
    """True when TARGET's compatibility differences fail the gate: it ran with
    --strict-compat (kept per target, so a merge of runs keeps each one's)."""
    info = doc.get("targets", {}).get(target, {})
    return bool(info.get("strict_compat", doc.get("strict_compat", False)))


def unexpected(doc):
    """The records of DOC that fail the gate."""
    return [r for r in doc["results"] if model.unexpected_reason(r, strict_for(doc, r["target"]))]


def run_problems(doc):
    """Why DOC is not a whole run ([] when it is): not complete, or fewer (or more)
    records than selected items."""
    problems = []
    if doc.get("complete") is False:
        problems.append(f"the run did not complete: {doc.get('status', 'unknown')}")
    selected = doc.get("selected")
    if selected is not None and selected != len(doc["results"]):
        problems.append(f"{selected} items selected, {len(doc['results'])} records")
    return problems


@dataclass
class Judgement:
    """The gate's answer on one document: green or not, and why."""
    problems: list = field(default_factory=list)        # the run is not whole
    unexpected: list = field(default_factory=list)      # records (without a baseline)
    regressions: list = field(default_factory=list)     # compare.Rows (with a baseline)
    baseline: bool = False

    @property
    def green(self):
        if self.problems:
            return False
        return not (self.regressions if self.baseline else self.unexpected)

    @property
    def status(self):
        """The exit status of a command that gates: 0 green, 1 not."""
        return 0 if self.green else 1

    def lines(self):
        """One line per reason the gate is not green."""
        out = list(self.problems)
        if self.baseline:
            out += [f"regression: {r.case} [{r.target_b}-{r.profile}] {r.a or 'absent'} -> {r.b}"
                    for r in self.regressions]
        elif self.unexpected:
            out.append(f"{len(self.unexpected)} unexpected results")
        return out


def judge(doc, baseline=None, baseline_name="baseline"):
    """The Judgement of DOC, against BASELINE (a results document) when given; with
    a baseline, the comparison is kept in doc["baseline"] for the reports. A DOC
    that already holds such a comparison (a run or merge made with --baseline)
    is judged against it when no other baseline is given."""
    from . import compare
    stored = doc.get("baseline") if baseline is None else None
    j = Judgement(problems=run_problems(doc), unexpected=unexpected(doc),
                  baseline=baseline is not None or isinstance(stored, dict))
    if baseline is not None:
        j.regressions = compare.attach_baseline(doc, baseline, baseline_name)
    elif j.baseline:
        # a run (or merge) made against a baseline is judged against it again
        j.regressions = [compare.Row(**r) for r in stored.get("regressions", [])]
    return j
