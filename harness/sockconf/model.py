"""The verdicts and every decision on them, stated once.

A run of one case on one target in one profile (an *item*) ends in one record
(sockconf.record.Record). What its verdict is, and what follows from it, is
decided here and nowhere else:

  not_to_run      an item the harness does not run: a skip (its case's
                  `profiles:`, an opt-in profile, a capability the target or
                  the profile lacks, an undeclared parameter, a profile that
                  cannot run here) or an error of the harness (a profile that
                  should run and could not be set up)
  raw_verdict     what happened: from the side channel's records and how the
                  interpreter ended
  proven          what a fault that never fired does to it
  expected        the verdict an expectation turns a status into (status and
                  expectation are kept side by side, as wptrunner does)
  combine_runs    one record from the runs of a repeated item
  unexpected_reason / regressed
                  whether a record fails the gate, and whether it got worse
                  than a baseline's (sockconf.gate judges whole runs with them)
  clause_state    a clause's state on a target, from its cases' verdicts
  kills_mutant    whether a record kills a mutant (sockconf.mutation)

The verdicts themselves: VERDICTS (the contract's list), ORDER (mildest
first: the severity that combines repeats and the order every page and
summary shows them in), EXPECTED (what passes the gate), EXPECTABLE (what an
expectation may name).
"""

import signal

VERDICTS = ("pass", "fail", "error", "timeout", "crash", "skip", "xfail", "xpass")
ORDER = ("pass", "skip", "xfail", "xpass", "fail", "timeout", "error", "crash")
EXPECTED = ("pass", "skip", "xfail")
EXPECTABLE = ("fail", "error", "timeout", "crash")
COMPAT_OUTCOMES = ("same", "differs", "unchecked")
TERMINAL = ("fail", "error")            # side-channel records that decide a verdict


def rank(verdict):
    """VERDICT's place in ORDER (an unknown verdict is worse than any)."""
    return ORDER.index(verdict) if verdict in ORDER else len(ORDER)


# ---------------------------------------------------------------- before an item runs

def not_to_run(case, target, profile, start_context, target_capabilities):
    """(verdict, reason) for an item the harness does not run, None for one it runs.

    CASE a casefile.Case, TARGET a targets.Target, PROFILE a profiles.Profile;
    START_CONTEXT() gives (context or None, verdict, reason) for the profile on
    this worker (started once, the outcome kept) and is called only when the
    answer depends on what the profile offers; TARGET_CAPABILITIES are the ids
    of spec/capabilities.yaml's target-scope capabilities. The rules, in order:
    the case's `profiles:`, an opt-in profile's admission, the target-scope
    capabilities the target lacks, a profile that cannot run here (skip) or
    could not be set up (error), the capabilities the profile lacks, the
    parameters it does not declare."""
    if case.profiles is not None and profile.name not in case.profiles:
        return "skip", (f"runs only in profiles {', '.join(case.profiles)} "
                        "(its frontmatter's profiles:)")
    excluded = profile.excludes(case)
    if excluded:
        return "skip", excluded
    lacking = [c for c in case.requires if c in target.lacks]
    if lacking:
        return "skip", f"requires {', '.join(lacking)}, which target {target.name} does not offer"
    ctx, verdict, reason = start_context()
    if ctx is None:
        return verdict, reason
    missing = [c for c in case.requires if c not in ctx.capabilities and c not in target_capabilities]
    if missing:
        return "skip", f"requires {', '.join(missing)}, which profile {profile.name} does not offer"
    undeclared = [p for p in case.params if not profile.declares(p)]
    if undeclared:
        return "skip", (f"uses parameter {', '.join(undeclared)}, which profile "
                        f"{profile.name} does not declare")
    return None


# ---------------------------------------------------------------- after it ran

def _signame(num):
    try:
        return signal.Signals(num).name
    except ValueError:
        return f"signal {num}"


def raw_verdict(records, returncode, timed_out, timeout_s, stderr_text="", problem=""):
    """(verdict, message, extra) from the side channel's RECORDS and the way the
    process ended (spec/INTERPRETING.md section 4): the first terminal record
    decides unless the process timed out or crashed, which say more; PROBLEM
    (a channel that cannot be trusted) is an error. EXTRA holds the terminal
    record's expected, actual, line and errorcode."""
    terminal = next((r for r in records if r["t"] in TERMINAL), None)
    done = any(r["t"] == "done" for r in records)
    extra = {}
    if terminal is not None:
        extra = {k: terminal.get(k, "") for k in ("expected", "actual", "line", "errorcode")
                 if terminal.get(k, "") != ""}
    if timed_out:
        msg = f"no result within {timeout_s:g}s; the process group was killed"
        if terminal is not None:
            msg += f" (after: {terminal.get('message') or terminal.get('reason')})"
        return "timeout", msg, extra
    if returncode is not None and returncode < 0:
        msg = f"interpreter killed by {_signame(-returncode)}"
        if terminal is not None:
            msg += f" (after: {terminal.get('message') or terminal.get('reason')})"
        return "crash", msg, extra
    if problem:
        return "error", problem, {}
    if terminal is not None:
        msg = terminal.get("message", "")
        if terminal["t"] == "fail" and "expected" in terminal:
            msg += f": expected {terminal['expected']!r}, got {terminal.get('actual', '')!r}"
        return terminal["t"], msg, extra
    if done:
        if returncode == 0:
            return "pass", "", extra
        return "crash", (f"interpreter exited with status {returncode} after the case finished "
                         "(a sanitizer or memory checker report?)"), extra
    if not records:
        first = stderr_text.strip().splitlines()[:1] or ["no output on stderr"]
        return "error", (f"interpreter exited with status {returncode} before the case started: "
                         f"{first[0]}"), extra
    return "error", f"interpreter exited with status {returncode} before the case finished", extra


def proven(verdict, message, fault_problem):
    """(verdict, message) once the fault shim has had its say (sockconf.faults):
    a case that passed although a fault it declared or armed never fired did not
    test what it says, and a malformed rule breaks even a failing one: error."""
    if fault_problem and (verdict == "pass" or
                          (verdict == "fail" and fault_problem.startswith("malformed"))):
        return "error", fault_problem
    return verdict, message


def expected(status, expectation_verdict):
    """The verdict of an item whose STATUS (what happened) meets an expectation
    of EXPECTATION_VERDICT (None: no expectation): xfail when they agree, xpass
    when it passed, otherwise STATUS unchanged (another failure than the one
    expected stays unexpected)."""
    if expectation_verdict is None:
        return status
    if status == expectation_verdict:
        return "xfail"
    if status == "pass":
        return "xpass"
    return status


def combine_runs(runs):
    """One record (a dict) from the runs of a repeated item: the most severe run's
    (a failure is never retried to green), with every run's verdict in "runs"
    and "flaky": true when they differ."""
    if len(runs) == 1:
        return runs[0]
    worst = max(runs, key=lambda r: rank(r["verdict"]))
    out = dict(worst)
    out["runs"] = [{"verdict": r["verdict"], "duration_s": r.get("duration_s", 0.0),
                    "message": r.get("message", ""), "compat": r.get("compat", "unchecked")}
                   for r in runs]
    out["flaky"] = len({(r["verdict"], r.get("compat")) for r in runs}) > 1
    return out


# ---------------------------------------------------------------- the gate, per record

def unexpected_reason(rec, strict):
    """Why record REC fails the gate ("" when it does not); STRICT: its target
    gates on compatibility."""
    if rec["verdict"] not in EXPECTED:
        return rec["verdict"]
    if rec.get("flaky"):
        return "flaky"
    if strict and rec.get("compat") == "differs":
        return "compat differs"
    return ""


def regressed(a, b, strict):
    """True when record B (this run) is worse than record A (the baseline) under
    this run's STRICT: A was fine and B is unexpected, or A's verdict was an
    expected one and B's is not (a flaky pass that became an error), or a pass
    became a skip. A may be None (the baseline has no such item)."""
    now = unexpected_reason(b, strict)
    if a is None:
        return bool(now)
    return (bool(now) and not unexpected_reason(a, strict)) or \
        (a["verdict"] in EXPECTED and b["verdict"] not in EXPECTED) or \
        (a["verdict"] == "pass" and b["verdict"] == "skip")


# ---------------------------------------------------------------- clauses and mutants

CLAUSE_STATES = {"none": "no result", "skip": "not exercised (skipped)", "pass": "conforms",
                 "xfail": "known failure (xfail)", "fail": "does not conform"}


def clause_state(verdicts):
    """(state, text) of a clause on one target from its cases' VERDICTS: "none"
    (no result), "skip" (not exercised), "pass" (every verdict that ran is a
    pass), "xfail" (the others are expected failures), "fail" (does not
    conform)."""
    ran = [v for v in verdicts if v != "skip"]
    if not verdicts:
        state = "none"
    elif not ran:
        state = "skip"
    elif all(v == "pass" for v in ran):
        state = "pass"
    elif all(v in ("pass", "xfail") for v in ran):
        state = "xfail"
    else:
        state = "fail"
    return state, CLAUSE_STATES[state]


def kills_mutant(record):
    """Why a record of a mutant's run kills it ("" when it does not): an
    unexpected verdict, or a compatibility difference (refsock runs with strict
    compatibility, so a mutant that only changes a compatible behaviour dies)."""
    if record["verdict"] in EXPECTABLE:       # a mutant's target has no expectations
        return record["verdict"]
    if record["verdict"] == "pass" and record.get("compat") == "differs":
        return "compat"
    return ""
