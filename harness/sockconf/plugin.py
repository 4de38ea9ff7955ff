"""pytest plugin: case files as items, one per target and profile.

Loaded by pytest through the package's pytest11 entry point (pyproject.toml), so
`pytest cases/` in the harness's environment (.venv) and `./sockconf run` take
the same defaults: target tclsh8.6, every profile. Options: --sc-target,
--sc-profile, --sc-out, ... The plugin does nothing in a session that names
none of them and collects no case file (the harness's own self-tests).

Every selected item ends in exactly one record: the case's verdict, a skip the
harness decided (an unmet requires:, an undeclared parameter, a profile that
cannot run here), or an `error` record marked as the harness's own (key
"harness") when something in the harness broke - a profile that could not be
set up, a probe that failed, an exception. The Recorder, in the one process
that writes results.json, checks at the end that every selected item has its
record and adds a harness error for any that has none.
"""

import hashlib
import json
import os
import re
import signal
import sys

import pytest

from . import casefile, hermetic, identity, model, paths, profiles, runner, spec, targets
from .errors import ConfigError, MetadataError
from .record import Record
from .results import ResultFile

RECORD_ATTR = "sockconf_record"     # the record's JSON, on the item and on its call report


def pytest_addoption(parser):
    group = parser.getgroup("sockconf")
    group.addoption("--sc-target", action="append", default=[], metavar="T",
                    help="target to run (name from harness/targets.toml, or NAME=CMD[,setup=FILE]); "
                         "repeatable; default tclsh8.6")
    group.addoption("--sc-profile", action="append", default=[], metavar="P",
                    help="profile to run in (host, dual, v4only, ..., all); repeatable; default all")
    group.addoption("--sc-out", default=None, metavar="FILE",
                    help="write the result file (schema sockconf-results/1) here")
    group.addoption("--sc-target-info", default=None, metavar="FILE",
                    help="targets already probed by ./sockconf run (JSON: name -> version)")
    group.addoption("--sc-timeout-scale", type=float, default=1.0, metavar="X",
                    help="multiply every case timeout (slow machines, valgrind)")
    group.addoption("--sc-strict-compat", action="store_true", default=False,
                    help="a compatibility difference from tclsh 8.6.13 is an unexpected result")
    group.addoption("--sc-repeat", type=int, default=1, metavar="N",
                    help="run every item N times; differing verdicts mark it flaky")
    group.addoption("--sc-shard", default=None, metavar="I/N",
                    help="run only the I-th of N deterministic shards of the items")
    group.addoption("--sc-durations", default=None, metavar="FILE",
                    help="a previous results file: balance the shards by its durations")
    group.addoption("--sc-durations-hash", default=None, metavar="SHA256",
                    help="the hash of the durations file the run was given (recorded in "
                         "results.json's partition)")


class State:
    """Per-process state: chosen targets and profiles, started profile contexts."""

    def __init__(self, config):
        opt = config.option
        try:
            self.targets = targets.select(opt.sc_target)
            self.profiles = profiles.select(opt.sc_profile or ["all"])
        except ConfigError as exc:
            raise pytest.UsageError(str(exc)) from None
        self.scale = opt.sc_timeout_scale
        self.strict_compat = opt.sc_strict_compat
        self.repeat = opt.sc_repeat
        self.shard = parse_shard(opt.sc_shard) if opt.sc_shard else None
        self.durations = opt.sc_durations
        self.worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        self.contexts = {}
        self.results = None
        self.decided = []           # (nodeid, record) of items decided at collection
        # Every process (the controller and each xdist worker) knows each target's
        # version: the expectations' tcl = "..." condition is judged in the workers.
        probed = {}
        if opt.sc_target_info:
            with open(opt.sc_target_info, encoding="utf-8") as f:
                probed = json.load(f)
        for t in self.targets:
            try:
                t.version = probed[t.name] if t.name in probed else t.probe_version()
            except ConfigError as exc:
                raise pytest.UsageError(str(exc)) from None
        if opt.sc_out and not hasattr(config, "workerinput"):
            info = {}
            for t in self.targets:
                info[t.name] = t.describe()
                if self.strict_compat:
                    info[t.name]["strict_compat"] = True
            try:
                self.results = ResultFile(opt.sc_out, info, [p.name for p in self.profiles])
            except ConfigError as exc:
                raise pytest.UsageError(str(exc)) from None
            self.results.doc["resolver"] = "files-only" if hermetic.active() else "system"
            self.results.doc["strict_compat"] = self.strict_compat
            if self.repeat > 1:
                self.results.doc["repeat"] = self.repeat
            suite = identity.suite_identity(self.cases_dir(config))
            self.results.doc["suite"] = suite
            self.results.doc["selection"] = {
                "case_set": suite["case_set"], "keyword": opt.keyword or "",
                "markexpr": opt.markexpr or "", "profiles": [p.name for p in self.profiles],
                "targets": [t.name for t in self.targets], "repeat": self.repeat,
                "strict_compat": self.strict_compat}
            if self.shard:
                self.results.doc["shard"] = f"{self.shard[0]}/{self.shard[1]}"
                self.results.doc["partition"] = {"shard": self.results.doc["shard"],
                                                 "durations": opt.sc_durations_hash or None}

    @staticmethod
    def cases_dir(config):
        """The case folder of this session: the folder pytest was given (cases/ by default)."""
        for arg in config.args:
            p = (config.invocation_params.dir / arg.split("::")[0]).resolve()
            if p.is_dir():
                return p
        return paths.CASES

    def context(self, profile):
        """(context, verdict, reason): a started profile context, or None with
        the verdict its items get - "skip" when the profile cannot run here
        (documented: no root, no `ip`), "error" when it should have and its
        set-up failed. Tried once per worker; the outcome is kept."""
        if profile.name not in self.contexts:
            ok, reason = profile.available()
            if not ok:
                self.contexts[profile.name] = (None, "skip", f"profile {profile.name} unavailable: {reason}")
            else:
                try:
                    ctx = profile.start(self.worker)
                    ctx.capabilities        # probe now, so a failing probe fails the profile once
                    self.contexts[profile.name] = (ctx, None, "")
                except (ConfigError, profiles.ProfileError, RuntimeError, OSError) as exc:
                    if "ctx" in locals():
                        ctx.close()
                    self.contexts[profile.name] = (
                        None, "error", f"profile {profile.name} could not be set up: {exc}")
        return self.contexts[profile.name]

    def close(self):
        for ctx, _, _ in self.contexts.values():
            if ctx is not None:
                ctx.close()
        self.contexts.clear()


STATE = pytest.StashKey[State]()


def _stop_on_sigterm(signum, frame):
    """SIGTERM (what CI runners and `timeout` send) stops the run like Ctrl-C:
    pytest unwinds, the Recorder writes results.json with complete: false."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    os.environ["SOCKCONF_STOPPED_BY"] = "SIGTERM"
    raise KeyboardInterrupt


def _die_with_parent(sig=signal.SIGTERM):
    """An xdist worker stops (SIGTERM: its clean-up runs) when its controller dies."""
    try:
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(1, int(sig))     # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


SC_OPTIONS = ("sc_target", "sc_profile", "sc_out", "sc_target_info", "sc_strict_compat",
              "sc_shard", "sc_durations")


def _state(config):
    """The session's State, made the first time it is needed (see pytest_configure)."""
    state = config.stash.get(STATE, None)
    if state is None:
        if hasattr(config, "workerinput"):
            _die_with_parent()
        state = config.stash[STATE] = State(config)
        # In the controller and in every worker: SIGTERM unwinds like Ctrl-C, so the
        # running case's interpreter is killed, its folder removed, namespaces
        # destroyed (atexit), and results.json written.
        if signal.getsignal(signal.SIGTERM) in (signal.SIG_DFL, None):
            signal.signal(signal.SIGTERM, _stop_on_sigterm)
    return state


def pytest_configure(config):
    """A session that names a sockconf option starts at once (./sockconf run does);
    one that names none (`pytest cases/`) when it collects its first case file, and
    a session that never does (the harness's self-tests) not at all."""
    if any(getattr(config.option, name, None) for name in SC_OPTIONS):
        state = _state(config)
        if state.results is not None:
            config.pluginmanager.register(Recorder(state.results, config), "sockconf-recorder")


def pytest_unconfigure(config):
    state = config.stash.get(STATE, None)
    if state is not None:
        state.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """The record rides on the call's report to the process that writes
    results.json, not in user_properties (which --junitxml would copy)."""
    outcome = yield
    if call.when == "call" and hasattr(item, RECORD_ATTR):
        setattr(outcome.get_result(), RECORD_ATTR, getattr(item, RECORD_ATTR))


def pytest_collect_file(file_path, parent):
    if file_path.suffix == ".tcl" and casefile.is_case_path(file_path):
        return CaseFile.from_parent(parent, path=file_path)
    return None


def parse_shard(text):
    """"I/N" -> (I, N) with 1 <= I <= N, else UsageError."""
    i, _, n = str(text).partition("/")
    if not (i.isdigit() and n.isdigit() and 1 <= int(i) <= int(n)):
        raise pytest.UsageError(f"--shard must be I/N with 1 <= I <= N, not {text!r}")
    return int(i), int(n)


def item_name(case, target, profile, rep=1):
    return f"{case.name}[{target}-{profile}]" + (f"~{rep}" if rep > 1 else "")


def shard_of(keys, n, durations=None):
    """{key: shard index 0..n-1}: deterministic. With DURATIONS ({key: seconds}
    of an earlier run), longest first onto the least loaded shard; without, keys
    in sorted order dealt round-robin."""
    keys = sorted(set(keys))
    if not durations:
        return {k: i % n for i, k in enumerate(keys)}
    known = [d for d in durations.values() if d > 0]
    default = sorted(known)[len(known) // 2] if known else 0.05
    load = [0.0] * n
    out = {}
    for k in sorted(keys, key=lambda k: (-durations.get(k, default), k)):
        best = min(range(n), key=lambda i: (load[i], i))
        out[k] = best
        load[best] += durations.get(k, default)
    return out


SELECTION_KEY = "sockconf_selection"


def selected_items(items):
    """{"items": how many items (case, target, profile) are selected before any
    shard is cut, "digest": sha256 of their sorted keys}: what every shard of one
    run shares, so a merge can tell shards of one run from those of another."""
    keys = sorted({it.key for it in items if isinstance(it, CaseItem)})
    h = hashlib.sha256("\n".join("\t".join(k) for k in keys).encode("utf-8"))
    return {"items": len(keys), "digest": "sha256:" + h.hexdigest()}


@pytest.hookimpl(trylast=True)          # after -k and -m have deselected
def pytest_collection_modifyitems(session, config, items):
    state = config.stash.get(STATE, None)
    if state is None:
        return
    whole = selected_items(items)
    if hasattr(config, "workerinput"):
        config.workeroutput[SELECTION_KEY] = whole      # the controller records it
    elif state.results is not None:
        state.results.doc["selection"].update(whole)
    if state.shard is not None:
        _cut_shard(config, state, items)
    _decide_at_collection(config, state, items)


DECIDED_KEY = "sockconf_decided"


def _decide_at_collection(config, state, items):
    """Record now, and never dispatch to a worker, every item the harness does not
    run (model.not_to_run: skips and profiles that could not be set up). Every
    worker decides the same (the rule is deterministic) and so collects the same
    runnable items; the controller gets the decided items' node ids from each
    worker and their records from one (gw0), at the end of its session."""
    keep, decided, gone = [], [], []
    for it in items:
        rec = it.decided(state) if isinstance(it, CaseItem) else None
        if rec is None:
            keep.append(it)
        else:
            decided.append((it.nodeid, rec))
            gone.append(it)
    items[:] = keep
    state.decided = decided
    if gone:
        # pytest counts them as deselected; their records (skips, harness errors) are in
        # results.json and the summary like every other
        config.hook.pytest_deselected(items=gone)
    if hasattr(config, "workerinput"):
        out = {"nodeids": [n for n, _ in decided]}
        if config.workerinput.get("workerid") == "gw0":
            out["records"] = [json.dumps(rec.to_json()) for _, rec in decided]
        config.workeroutput[DECIDED_KEY] = out


def _cut_shard(config, state, items):
    """Keep the items of this shard (--sc-shard I/N)."""
    index, n = state.shard
    durations = None
    if state.durations:
        # a compact file ./sockconf run wrote from the validated results file
        with open(state.durations, encoding="utf-8") as f:
            durations = {tuple(k.split("\t")): float(v) for k, v in json.load(f).items()}
    ours = [it for it in items if isinstance(it, CaseItem)]
    shards = shard_of([it.key for it in ours], n, durations)
    keep = [it for it in items if not isinstance(it, CaseItem) or shards[it.key] == index - 1]
    dropped = [it for it in items if it not in keep]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
    items[:] = keep


class CaseFile(pytest.File):
    def collect(self):
        try:
            case = casefile.parse(self.path, spec.load())
        except MetadataError as exc:
            raise self.CollectError(str(exc)) from None
        state = _state(self.config)
        for target in state.targets:
            for profile in state.profiles:
                for rep in range(1, state.repeat + 1):
                    yield CaseItem.from_parent(self, name=item_name(case, target.name, profile.name, rep),
                                               case=case, target=target, profile=profile)


class CaseFailure(Exception):
    """The case did not give its expected verdict."""

    def __init__(self, record):
        super().__init__(record["message"])
        self.record = record


def harness_error(case, target, profile, text):
    """The record of an item the harness could not run: verdict error, marked
    as the harness's own (key "harness"), never a skip and never a pass."""
    return Record.new(case, target, profile, "error", f"harness error: {text}", harness=text)


class CaseItem(pytest.Item):
    def __init__(self, *, case, target, profile, **kwargs):
        super().__init__(**kwargs)
        self.case, self.target, self.profile = case, target, profile
        self.key = (case.id, target.name, profile.name)
        self.target_scope = spec.load().target_capabilities()
        for clause in case.clauses:
            self.user_properties.append(("clause", clause))

    def decided(self, state):
        """The record of an item the harness does not run (model.not_to_run), its
        expectation beside it, or None for an item to run. Decided at collection."""
        try:
            decision = model.not_to_run(self.case, self.target, self.profile,
                                        lambda: state.context(self.profile), self.target_scope)
        except Exception as exc:            # noqa: BLE001 - a harness failure: the item runs
            decision = None                 # and runtest() records it as the harness's error
            self._collection_problem = f"{type(exc).__name__}: {exc}"
        if decision is None:
            return None
        verdict, reason = decision
        if verdict == "skip":
            rec = Record.new(self.case, self.target.name, self.profile.name, "skip", reason)
        else:
            rec = harness_error(self.case, self.target.name, self.profile.name, reason)
        return rec.expect(self.target.expected(self.case.id, self.profile.name))

    def _record(self, state):
        """The record of an item collection left to run."""
        problem = getattr(self, "_collection_problem", "")
        if problem:
            return harness_error(self.case, self.target.name, self.profile.name, problem)
        ctx, _, _ = state.context(self.profile)
        return runner.run_case(self.case, self.target, ctx, state.scale)

    def runtest(self):
        state = _state(self.config)
        try:
            if os.environ.get("SOCKCONF_INJECT_HARNESS_FAULT") == self.case.id:
                # fault injection for the harness's own self-tests (test_chaos.py)
                raise RuntimeError("fault injected into the harness")
            record = self._record(state)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:        # a harness failure: still one honest record
            record = harness_error(self.case, self.target.name, self.profile.name,
                                   f"{type(exc).__name__}: {exc}")
        record.expect(self.target.expected(self.case.id, self.profile.name))
        rec = record.to_json()
        setattr(self, RECORD_ATTR, json.dumps(rec))
        if rec["verdict"] == "skip":
            pytest.skip(rec["message"])
        if rec["verdict"] == "xfail":
            pytest.xfail(f"{rec['raw_verdict']} as expected: {rec['expectation']}")
        if model.unexpected_reason(rec, state.strict_compat):
            raise CaseFailure(rec)

    def repr_failure(self, excinfo):
        if not isinstance(excinfo.value, CaseFailure):
            return super().repr_failure(excinfo)
        return render_failure(excinfo.value.record, self.case)

    def reportinfo(self):
        return (self.path, self.case.line - 1,
                f"{self.case.id} {self.case.title} [{self.target.name}-{self.profile.name}]")


def render_failure(r, case):
    """A failed record for the terminal: file:line first, expected vs actual,
    compatibility differences, the tail of the output; the implementation's
    text with its control characters escaped."""
    from .textsafe import escape_controls as esc
    line = r.get("line") or case.line
    out = [f"{r['path']}:{line}: {r['verdict']}: {esc(r['message'])}",
           f"  case:    {case.id} {case.title}",
           f"  target:  {r['target']} in profile {r['profile']}"]
    if r.get("expected") or r.get("actual"):
        out += [f"  expected: {esc(r.get('expected', ''))}", f"  actual:   {esc(r.get('actual', ''))}"]
    for d in r.get("compat_differences", []):
        out += [f"  compat:  {r['path']}:{d['line']}: {esc(d['message'])}",
                f"    tclsh 8.6.13: {esc(d['expected'])}", f"    this target:  {esc(d['actual'])}"]
    for stream in ("stderr", "stdout"):
        text = (r.get(stream) or "").strip()
        if text:
            out.append(f"  {stream}:")
            out += ["    " + esc(ln) for ln in text.splitlines()[-15:]]
    return "\n".join(out)


class Recorder:
    """Adds every record to the result file. On the xdist controller, reports from
    the workers arrive here with the record as an attribute of their call report
    (xdist serialises a report's attributes), so one process writes.

    It also knows which items were selected (from the collection, or from the
    workers' collections under xdist) and, when the session ends, gives every
    selected item that produced no record a harness error record."""

    def __init__(self, results, config):
        self.results = results
        self.config = config
        self.selected = None        # nodeid -> None, in collection order
        self.recorded = set()
        self.failures = {}          # nodeid -> what pytest reported, for items without a record

    def _select(self, nodeids):
        if self.selected is None:
            self.selected = dict.fromkeys(nodeids)
            # repeats of one item (name~2, ~3, ...) end in one combined record
            self.results.doc["selected"] = len({re.sub(r"~\d+$", "", n) for n in self.selected})

    def pytest_collection_finish(self, session):
        if not hasattr(self.config, "workerinput"):
            state = _state(self.config)
            decided = getattr(state, "decided", [])
            self._select([item.nodeid for item in session.items] + [n for n, _ in decided])
            for nodeid, rec in decided:
                self._add(nodeid, rec)

    def _add(self, nodeid, rec):
        self.recorded.add(nodeid)
        self.results.add(rec)

    def _select_more(self, nodeids):
        """Items decided at collection in the workers join the selection."""
        for n in nodeids:
            self.selected.setdefault(n, None)
        self.results.doc["selected"] = len({re.sub(r"~\d+$", "", n) for n in self.selected})

    @pytest.hookimpl(optionalhook=True)
    def pytest_xdist_node_collection_finished(self, node, ids):
        self._select(ids)

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node, error):
        decided = getattr(node, "workeroutput", {}).get(DECIDED_KEY)
        if isinstance(decided, dict):
            if self.selected is None:
                self.selected = {}
            self._select_more(decided.get("nodeids", []))
            for nodeid, text in zip(decided.get("nodeids", []), decided.get("records") or []):
                if nodeid not in self.recorded:
                    self._add(nodeid, json.loads(text))
        whole = getattr(node, "workeroutput", {}).get(SELECTION_KEY)
        if isinstance(whole, dict):
            sel = self.results.doc["selection"]
            if "digest" in sel and sel["digest"] != whole.get("digest"):
                sel["workers_disagree"] = True
            sel.update(whole)

    def pytest_runtest_logreport(self, report):
        value = getattr(report, RECORD_ATTR, None)
        if value is not None and report.nodeid not in self.recorded:
            self.recorded.add(report.nodeid)
            self.results.add(json.loads(value))
            return
        if report.failed and report.nodeid not in self.recorded:
            text = str(report.longrepr).strip().splitlines()
            self.failures.setdefault(report.nodeid, f"pytest {report.when} failed: "
                                     f"{text[-1] if text else 'no detail'}")

    def _missing_record(self, nodeid, why):
        path, _, name = nodeid.partition("::")
        case = casefile.parse(self.config.rootpath / path)
        tp = name.rpartition("]")[0][len(case.name) + 1:]      # "TARGET-PROFILE"
        target, _, profile = tp.rpartition("-")
        return harness_error(case, target, profile, why)

    def pytest_sessionfinish(self, session, exitstatus):
        status = int(exitstatus)
        stopped = os.environ.get("SOCKCONF_STOPPED_BY")
        if status == pytest.ExitCode.INTERRUPTED:
            text = f"interrupted by {stopped or 'SIGINT'}"
        elif self.results.doc["selection"].get("workers_disagree"):
            text = "the workers collected different items"
        elif status in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED) or (
                status == pytest.ExitCode.NO_TESTS_COLLECTED
                and self.results.doc["selection"].get("items")):
            # (no item to run: an empty shard, or every item decided at collection)
            text = "complete"
            for nodeid in (self.selected or {}):
                if nodeid not in self.recorded:
                    why = self.failures.get(nodeid, "the item produced no result record")
                    try:
                        self.results.add(self._missing_record(nodeid, why))
                    except (MetadataError, OSError, ValueError):
                        text = f"incomplete: {nodeid} has no record ({why})"
        else:
            text = f"pytest exit status {status}"
        self.results.write(finished=True, status=text)
        if self.results.error:
            print(f"\nsockconf: {self.results.error}", file=sys.stderr)
