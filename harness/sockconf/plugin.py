"""pytest plugin: case files as items, one per target and profile.

`pytest cases/` (through cases/conftest.py) or `./sockconf run` (which passes
-p sockconf.plugin). Options: --sc-target, --sc-profile, --sc-out.
"""

import json
import os

import pytest

from . import casefile, hermetic, profiles, runner, spec, targets
from .errors import ConfigError, MetadataError
from .results import ResultFile, make_record

RECORD_KEY = "sockconf.record"


def pytest_addoption(parser):
    group = parser.getgroup("sockconf")
    group.addoption("--sc-target", action="append", default=[], metavar="T",
                    help="target to run (name from harness/targets.toml, or NAME=CMD[,setup=FILE]); "
                         "repeatable; default tclsh8.6")
    group.addoption("--sc-profile", action="append", default=[], metavar="P",
                    help="profile to run in (host, dual, v4only, ..., all); repeatable; default host")
    group.addoption("--sc-out", default=None, metavar="FILE",
                    help="write the result file (schema sockconf-results/1) here")
    group.addoption("--sc-timeout-scale", type=float, default=1.0, metavar="X",
                    help="multiply every case timeout (slow machines, valgrind)")
    group.addoption("--sc-strict-compat", action="store_true", default=False,
                    help="a compatibility difference from tclsh 8.6.13 is an unexpected result")


class State:
    """Per-process state: chosen targets and profiles, started profile contexts."""

    def __init__(self, config):
        opt = config.option
        try:
            self.targets = targets.select(opt.sc_target)
            self.profiles = profiles.select(opt.sc_profile)
        except ConfigError as exc:
            raise pytest.UsageError(str(exc)) from None
        self.scale = opt.sc_timeout_scale
        self.strict_compat = opt.sc_strict_compat
        self.worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        self.contexts = {}
        self.results = None
        if opt.sc_out and not hasattr(config, "workerinput"):
            info = {}
            for t in self.targets:
                try:
                    version = t.probe_version()
                except ConfigError as exc:
                    raise pytest.UsageError(str(exc)) from None
                info[t.name] = {"command": t.command, "version": version}
                if t.setup:
                    info[t.name]["setup"] = str(t.setup)
            self.results = ResultFile(opt.sc_out, info, [p.name for p in self.profiles])
            self.results.doc["resolver"] = "files-only" if hermetic.active() else "system"
            self.results.doc["strict_compat"] = self.strict_compat

    def context(self, profile):
        """(context, None) or (None, reason) for a profile in this worker."""
        if profile.name not in self.contexts:
            ok, reason = profile.available()
            self.contexts[profile.name] = (profile.start(self.worker), None) if ok else (None, reason)
        return self.contexts[profile.name]

    def close(self):
        for ctx, _ in self.contexts.values():
            if ctx is not None:
                ctx.close()
        self.contexts.clear()


STATE = pytest.StashKey[State]()


def pytest_configure(config):
    state = config.stash[STATE] = State(config)
    if state.results is not None:
        config.pluginmanager.register(Recorder(state.results), "sockconf-recorder")


def pytest_unconfigure(config):
    state = config.stash.get(STATE, None)
    if state is not None:
        state.close()


def pytest_collect_file(file_path, parent):
    if file_path.suffix == ".tcl" and casefile.is_case_path(file_path):
        return CaseFile.from_parent(parent, path=file_path)
    return None


class CaseFile(pytest.File):
    def collect(self):
        try:
            case = casefile.parse(self.path, spec.load())
        except MetadataError as exc:
            raise self.CollectError(str(exc)) from None
        state = self.config.stash[STATE]
        for target in state.targets:
            for profile in state.profiles:
                yield CaseItem.from_parent(self, name=f"{case.name}[{target.name}-{profile.name}]",
                                           case=case, target=target, profile=profile)


class CaseFailure(Exception):
    """The case did not give its expected verdict."""

    def __init__(self, record):
        super().__init__(record["message"])
        self.record = record


class CaseItem(pytest.Item):
    def __init__(self, *, case, target, profile, **kwargs):
        super().__init__(**kwargs)
        self.case, self.target, self.profile = case, target, profile
        for clause in case.clauses:
            self.user_properties.append(("clause", clause))

    def _skip_record(self, reason):
        return make_record(self.case, self.target.name, self.profile.name, "skip", reason)

    def runtest(self):
        state = self.config.stash[STATE]
        ctx, reason = state.context(self.profile)
        if ctx is None:
            record = self._skip_record(f"profile {self.profile.name} unavailable: {reason}")
        else:
            missing = [c for c in self.case.requires if c not in ctx.capabilities]
            undeclared = [p for p in self.case.params if not self.profile.declares(p)]
            if missing:
                record = self._skip_record(f"requires {', '.join(missing)}, which profile "
                                           f"{self.profile.name} does not offer")
            elif undeclared:
                record = self._skip_record(f"uses parameter {', '.join(undeclared)}, which profile "
                                           f"{self.profile.name} does not declare")
            else:
                record = runner.run_case(self.case, self.target, ctx, state.scale)
        record = runner.apply_expectation(record, self.target.expected(self.case.id, self.profile.name))
        self.user_properties.append((RECORD_KEY, json.dumps(record)))
        verdict = record["verdict"]
        if verdict == "skip":
            pytest.skip(record["message"])
        if verdict == "xfail":
            pytest.xfail(f"{record['raw_verdict']} as expected: {record['expectation']}")
        if verdict != "pass" or (state.strict_compat and record["compat"] == "differs"):
            raise CaseFailure(record)

    def repr_failure(self, excinfo):
        if not isinstance(excinfo.value, CaseFailure):
            return super().repr_failure(excinfo)
        r = excinfo.value.record
        line = r.get("line") or self.case.line
        out = [f"{r['path']}:{line}: {r['verdict']}: {r['message']}",
               f"  case:    {self.case.id} {self.case.title}",
               f"  target:  {r['target']} in profile {r['profile']}"]
        if r.get("expected") or r.get("actual"):
            out += [f"  expected: {r.get('expected', '')}", f"  actual:   {r.get('actual', '')}"]
        for d in r.get("compat_differences", []):
            out += [f"  compat:  {r['path']}:{d['line']}: {d['message']}",
                    f"    tclsh 8.6.13: {d['expected']}", f"    this target:  {d['actual']}"]
        for stream in ("stderr", "stdout"):
            text = (r.get(stream) or "").strip()
            if text:
                out.append(f"  {stream}:")
                out += ["    " + ln for ln in text.splitlines()[-15:]]
        return "\n".join(out)

    def reportinfo(self):
        return self.path, self.case.line - 1, f"{self.case.id} {self.case.title} [{self.target.name}-{self.profile.name}]"


class Recorder:
    """Adds every record to the result file. On the xdist controller, reports from
    the workers arrive here with their user_properties, so one process writes."""

    def __init__(self, results):
        self.results = results

    def pytest_runtest_logreport(self, report):
        if report.when != "call":
            return
        for key, value in report.user_properties:
            if key == RECORD_KEY:
                self.results.add(json.loads(value))

    def pytest_sessionfinish(self, session, exitstatus):
        status = {0: "complete", 1: "complete", 2: "interrupted"}.get(
            int(exitstatus), f"pytest exit status {int(exitstatus)}")
        self.results.write(finished=True, status=status)
