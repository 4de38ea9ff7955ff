"""Targets: how to start an interpreter whose `socket` is the implementation under test."""

import os
import re
import shlex
import shutil
import subprocess
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from . import launch, paths
from .errors import ConfigError

VERDICTS_EXPECTABLE = ("fail", "error", "timeout", "crash")
TARGETS_FILE = paths.HARNESS / "targets.toml"
VERSION_TIMEOUT_S = 30


@dataclass
class Expectation:
    verdict: str
    reason: str
    profiles: list | None = None


@dataclass
class Target:
    name: str
    command: list
    setup: Path | None = None
    env: dict = field(default_factory=dict)
    needs: Path | None = None
    description: str = ""
    expectations: dict = field(default_factory=dict)
    timeout_factor: float = 1.0
    version: str = ""

    def resolved_command(self):
        """argv with the interpreter resolved, or ConfigError naming what is missing."""
        first = self.command[0]
        if "/" in first:
            exe = Path(first) if os.path.isabs(first) else paths.ROOT / first
            if not (exe.is_file() and os.access(exe, os.X_OK)):
                raise ConfigError(f"target {self.name}: interpreter {exe} not found or not executable")
            exe = str(exe)
        else:
            exe = shutil.which(first)
            if exe is None:
                raise ConfigError(f"target {self.name}: interpreter '{first}' not found on PATH")
        if self.needs is not None and not self.needs.exists():
            raise ConfigError(f"target {self.name}: {self.needs.relative_to(paths.ROOT)} is missing "
                              f"(build it: make -C reference-impl)")
        return [exe, *self.command[1:]]

    def available(self):
        try:
            self.resolved_command()
            return True
        except ConfigError:
            return False

    def environ(self, **fields):
        """The target's extra environment. "{root}" is the project root; a run
        also passes case= and profile=, so a value may name "{case}" and
        "{profile}" (e.g. GCOV_PREFIX per case, for per-case coverage)."""
        out = {}
        for k, v in self.env.items():
            v = v.replace("{root}", str(paths.ROOT))
            for name, value in fields.items():
                v = v.replace("{" + name + "}", str(value))
            out[k] = v
        return out

    def expected(self, case_id, profile):
        exp = self.expectations.get(case_id)
        if exp is None or (exp.profiles is not None and profile not in exp.profiles):
            return None
        return exp

    def probe_version(self):
        """The interpreter's Tcl patch level, run with the target's setup script,
        through the same launcher as cases (a network namespace with nothing in
        it, a PID namespace, a temporary working folder, bounded output and
        time). ConfigError, in one line, when it does not answer as Tcl."""
        argv = self.resolved_command() + [str(paths.TCL / "version.tcl"),
                                          str(self.setup) if self.setup else ""]
        out = launch.run(argv, timeout_s=VERSION_TIMEOUT_S, isolate_network=True,
                         env={**os.environ, **self.environ(case="version", profile="none")})
        lines = out.stdout.splitlines()
        answer = next((ln for ln in lines if ln.startswith(("sockconf-probe ", "sockconf-probe-error "))), "")
        if out.launch_error:
            raise ConfigError(f"target {self.name}: the harness could not start it: {out.launch_error}")
        if out.timed_out:
            raise ConfigError(f"target {self.name}: the interpreter did not answer within "
                              f"{VERSION_TIMEOUT_S:g}s")
        if answer.startswith("sockconf-probe-error "):
            raise ConfigError(f"target {self.name}: setup script failed: "
                              f"{_oneline(answer.split(' ', 1)[1])}")
        m = re.fullmatch(r"sockconf-probe (\d+\.\d+(?:[.ab]\d+)?)", answer)
        if m is None or out.returncode != 0:
            said = _oneline(out.stderr.strip().splitlines()[-1] if out.stderr.strip()
                            else (lines[-1] if lines else "nothing"))
            how = (f"killed by {out.signal_name}" if out.signal_name
                   else f"exit status {out.returncode}")
            raise ConfigError(f"target {self.name}: {self.command[0]} did not answer as a Tcl "
                              f"interpreter ({how}; said: {said})")
        self.version = m.group(1)
        return self.version


def _oneline(text, limit=300):
    """TEXT on one line, control characters escaped, at most LIMIT characters."""
    from .textsafe import escape_controls
    text = escape_controls(" ".join(str(text).split()))
    return text if len(text) <= limit else text[:limit] + "..."


def _path(value):
    return None if not value else (Path(value) if os.path.isabs(value) else paths.ROOT / value)


def load_expectations(path: Path | None, target):
    if path is None or not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    out = {}
    for case_id, entry in data.items():
        verdict, reason = entry.get("verdict"), entry.get("reason", "").strip()
        if verdict not in VERDICTS_EXPECTABLE:
            raise ConfigError(f"{path}: [{case_id}]: verdict must be one of "
                              f"{', '.join(VERDICTS_EXPECTABLE)}")
        if not reason:
            raise ConfigError(f"{path}: [{case_id}]: an expectation needs a reason")
        out[case_id] = Expectation(verdict, reason, entry.get("profiles"))
    return out


def _from_table(name, table):
    command = table.get("command")
    if not command or not isinstance(command, list):
        raise ConfigError(f"{TARGETS_FILE}: target {name}: 'command' must be a non-empty list")
    t = Target(name=name, command=list(command), setup=_path(table.get("setup")),
               env=dict(table.get("env", {})), needs=_path(table.get("needs")),
               description=table.get("description", ""),
               timeout_factor=float(table.get("timeout_factor", 1.0)))
    t.expectations = load_expectations(_path(table.get("expectations")), t)
    return t


def load_all(path: Path = TARGETS_FILE):
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from None
    return {name: _from_table(name, table) for name, table in data.items()}


def parse_spec(spec: str, known: dict) -> Target:
    """A --target value: a known NAME, or NAME=CMD[,setup=FILE][,expect=FILE]."""
    if "=" not in spec:
        if spec not in known:
            raise ConfigError(f"unknown target '{spec}' (known: {', '.join(known)}; "
                              "or NAME=/path/to/tclsh[,setup=FILE])")
        return known[spec]
    name, _, rest = spec.partition("=")
    parts = rest.split(",")
    if not name or not parts[0].strip():
        raise ConfigError(f"--target {spec}: expected NAME=CMD[,setup=FILE]")
    setup = expect = None
    for extra in parts[1:]:
        key, _, value = extra.partition("=")
        if key == "setup" and value:
            setup = _path(value)
        elif key == "expect" and value:
            expect = _path(value)
        else:
            raise ConfigError(f"--target {spec}: unknown field '{extra}' (setup=FILE, expect=FILE)")
    if setup is not None and not setup.is_file():
        raise ConfigError(f"--target {spec}: setup script {setup} not found")
    t = Target(name=name, command=shlex.split(parts[0]), setup=setup)
    t.expectations = load_expectations(expect, t)
    return t


def select(specs, known=None):
    """Targets named on the command line; none named -> tclsh8.6."""
    known = load_all() if known is None else known
    chosen = {}
    for spec in specs or ["tclsh8.6"]:
        t = parse_spec(spec, known)
        chosen[t.name] = t
    for t in chosen.values():
        t.resolved_command()
    return list(chosen.values())
