"""Targets: how to start an interpreter whose `socket` is the implementation under test."""

import functools
import os
import re
import shlex
import shutil
import subprocess
import tomllib
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path

from . import launch, model, paths, spec, tclbuilds
from .errors import ConfigError
from .profiles import REGISTRY
from .tclbuilds import VARIANTS
from .textsafe import escape_controls

# The reason `expectations update` writes for a new entry; an expectations file holding it
# is refused until a person says why the result is expected.
PLACEHOLDER = "TODO: say why this result is expected (sockconf refuses the file until you do)"

TARGETS_FILE = paths.HARNESS / "targets.toml"
VERSION_TIMEOUT_S = 30
PREPARE_TIMEOUT_S = 60


EXPECTATION_KEYS = {"verdict", "reason", "profiles", "tcl", "variant"}
# The keys of a harness/targets.toml table (harness/targets.toml's header says what each means).
TARGET_KEYS = {"description", "command", "setup", "env", "needs", "expectations", "timeout_factor",
               "tcl", "like", "strict_compat", "compat_of", "writable", "lacks", "prepare"}
# What an expectation's `variant` matches: the build variant of a Tcl built from source
# (tclbuilds.VARIANTS), or "installed" for an interpreter the target finds as it is.
INSTALLED = "installed"


@dataclass
class Expectation:
    verdict: str
    reason: str
    profiles: list | None = None
    tcl: str = "*"              # glob on the interpreter's patch level, e.g. "8.6.13"
    where: str = ""             # file:line of the entry
    variant: str | None = None  # glob on the target's build variant (None: any)

    def applies(self, profile, version, variant=INSTALLED):
        return (self.profiles is None or profile in self.profiles) and \
            self.applies_version(version, variant)

    def applies_version(self, version, variant=INSTALLED):
        """True when the entry is about VERSION (its tcl glob) and VARIANT."""
        return fnmatchcase(version or "", self.tcl) and \
            (self.variant is None or fnmatchcase(variant or INSTALLED, self.variant))


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
    expectations_file: Path | None = None
    build: tclbuilds.Build | None = None    # the Tcl built from source it runs in (tcl = {...})
    like: str | None = None                 # the target whose table it starts from
    strict_compat: bool = False             # held to tclsh 8.6.13's choices (make releases, ci/gate.sh)
    compat_of: str | None = None            # its differences from tclsh 8.6.13 must be this one's
    lacks: list = field(default_factory=list)       # target-scope capabilities it does not offer
    writable: list = field(default_factory=list)    # paths its interpreter may write (sandbox)
    expose: list = field(default_factory=list)      # run-time files shown inside the sandbox
    prepare: Path | None = None     # program making the target's run-time files (runtime_folder)
    _runtime: Path | None = field(default=None, repr=False)

    def resolved_command(self):
        """argv with the interpreter resolved, or ConfigError naming what is missing."""
        first = self.command[0]
        if self.build is not None and not self.build.built():
            raise ConfigError(self.build.missing(self.name))
        if "/" in first:
            exe = Path(first) if os.path.isabs(first) else paths.ROOT / first
            if not (exe.is_file() and os.access(exe, os.X_OK)):
                raise ConfigError(f"target {self.name}: interpreter {exe} not found or not executable")
            exe = str(exe)
        else:
            exe = shutil.which(first)
            if exe is None and first == "tclsh9.0":
                tcl9 = tclbuilds.newest_tcl9()
                exe = str(tcl9.tclsh()) if tcl9 is not None else None
            if exe is None:
                raise ConfigError(f"target {self.name}: interpreter '{first}' not found on PATH"
                                  + (f" nor built in {tclbuilds.cache_root()} (build it: ci/build-tcl.sh "
                                     "DIR/tcl9.0_9.0.4+dfsg.orig.tar.gz)" if first == "tclsh9.0" else ""))
        if self.needs is not None and not self.needs.exists():
            hint = " (build it: make -C reference-impl)" if _inside(self.needs, paths.ROOT / "reference-impl") else ""
            raise ConfigError(f"target {self.name}: {_shown(self.needs)} is missing{hint}")
        return [exe, *self.command[1:]]

    def sandbox(self, files=()):
        """The sandbox its interpreters run in (launch.Sandbox), or False without root:
        writable the target's `writable` paths, exposed its run-time files (`expose`),
        and an unprivileged uid of its own when every file it needs (interpreter,
        setup script, the harness's Tcl files, FILES - a case and its includes -,
        folders its environment names) is readable by other users, else root with
        capabilities dropped."""
        if not launch.contained():
            return False
        needed = [self.resolved_command()[0], paths.TCL, paths.TCL / "include", *files,
                  *([self.setup] if self.setup else []), *self.expose]
        needed += [v for v in self.environ(case="x", profile="x").values()
                   if os.path.isabs(v) and os.path.exists(v)]
        blocked = "" if self.writable else _unreadable(tuple(str(p) for p in needed))
        user = None if self.writable or blocked else launch.sandbox_uid()
        box = launch.Sandbox(writable=list(self.writable), expose=list(self.expose), user=user)
        box.why_root = ("it writes to " + ", ".join(map(str, self.writable)) if self.writable
                        else f"{blocked} is not readable by other users" if blocked else "")
        return box

    def available(self):
        try:
            self.resolved_command()
            return True
        except ConfigError:
            return False

    def runtime_folder(self):
        """The folder of the files the target's `prepare` program made at run
        time (target tls: a throw-away certificate), made on first use in each
        process: a run_tempdir("runtime"), readable by the sandbox's
        unprivileged user and added to `expose`. The program gets the folder
        as its one argument; a failure is a ConfigError in one line."""
        if self._runtime is None:
            folder = paths.run_tempdir("runtime")
            folder.chmod(0o755)
            what = f"target {self.name}: {_shown(self.prepare)}"
            try:
                out = subprocess.run([str(self.prepare), str(folder)], stdin=subprocess.DEVNULL,
                                     capture_output=True, timeout=PREPARE_TIMEOUT_S)
            except OSError as exc:
                raise ConfigError(f"{what} cannot be run: {exc.strerror}") from None
            except subprocess.TimeoutExpired:
                raise ConfigError(f"{what} did not finish within {PREPARE_TIMEOUT_S}s") from None
            if out.returncode != 0:
                said = out.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["nothing"]
                raise ConfigError(f"{what} failed (exit status {out.returncode}): "
                                  f"{_oneline(said[0])}")
            self._runtime = folder
            self.expose.append(folder)
        return self._runtime

    def environ(self, **fields):
        """The target's extra environment. "{root}" is the project root, and
        "{runtime}" the target's runtime_folder(); a run also passes case= and
        profile=, so a value may name "{case}" and "{profile}" (e.g.
        GCOV_PREFIX per case, for per-case coverage)."""
        out = {}
        for k, v in self.env.items():
            v = v.replace("{root}", str(paths.ROOT))
            if "{runtime}" in v:
                v = v.replace("{runtime}", str(self.runtime_folder()))
            for name, value in fields.items():
                v = v.replace("{" + name + "}", str(value))
            out[k] = v
        return out

    def expected(self, case_id, profile):
        """The expectation for CASE_ID in PROFILE on this target's interpreter
        version, or None (an expectation written for another patch level does
        not apply)."""
        return first_match(load_expectations_of(self).get(case_id, []), profile, self.version,
                           self.variant)

    @property
    def variant(self):
        """The build variant an expectation's `variant` is matched with."""
        return self.build.variant if self.build is not None else INSTALLED

    def check_expectations(self, case_ids):
        """ConfigError (file:line) for an expectation naming a case that does not exist."""
        for case_id, entries in load_expectations_of(self).items():
            if case_id not in case_ids:
                raise ConfigError(f"{entries[0].where}: expectation for case {case_id}, which does not "
                                  "exist (remove the entry, or fix the id)")

    def describe(self):
        """What results.json says of this target."""
        out = {"command": list(self.command), "version": self.version}
        if self.setup:          # paths relative to the checkout, never the machine's
            out["setup"] = os.path.relpath(self.setup, paths.ROOT)
        if self.expectations_file:
            out["expectations"] = os.path.relpath(self.expectations_file, paths.ROOT)
        if self.build is not None:
            out["build"] = {"release": self.build.release, "variant": self.build.variant}
            if self.build.source is not None:
                out["build"]["sha256"] = self.build.sha256
        box = self.sandbox()
        out["isolation"] = box.describe() | ({"why_root": box.why_root} if box.why_root else {}) \
            if box else {"sandbox": False, "user": f"uid {os.geteuid()}, not contained (no root)"}
        return out

    def probe_version(self):
        """The interpreter's Tcl patch level, run with the target's setup script,
        through the same launcher as cases (a network namespace with nothing in
        it, a PID namespace, a temporary working folder, bounded output and
        time). ConfigError, in one line, when it does not answer as Tcl."""
        probe = launch.Launch([], timeout_s=VERSION_TIMEOUT_S, isolate_network=True,
                              env={**os.environ, **self.environ(case="version", profile="none")},
                              sandbox=self.sandbox(), channels=("answer",))
        probe.argv = self.resolved_command() + [str(paths.TCL / "version.tcl"),
                                                probe.channel_path("answer"),
                                                str(self.setup) if self.setup else ""]
        out = probe.start().wait()
        answer = bytes(out.channels["answer"].kept[:4096]).decode("utf-8", "replace").strip()
        lines = out.stdout.splitlines()
        if out.launch_error:
            raise ConfigError(f"target {self.name}: the harness could not start it: {out.launch_error}")
        if out.timed_out:
            raise ConfigError(f"target {self.name}: the interpreter did not answer within "
                              f"{VERSION_TIMEOUT_S:g}s")
        if answer.startswith("sockconf-probe-error "):
            raise ConfigError(f"target {self.name}: setup script failed: "
                              f"{_oneline(answer.split(' ', 1)[1])}")
        m = re.fullmatch(r"sockconf-probe (\d+\.\d+(?:[.ab]\d+)?)(?: lacks ([a-z ]+))?", answer)
        if m is None or out.returncode != 0:
            said = _oneline(out.stderr.strip().splitlines()[-1] if out.stderr.strip()
                            else (lines[-1] if lines else "nothing"))
            how = (f"killed by {out.signal_name}" if out.signal_name
                   else f"exit status {out.returncode}")
            raise ConfigError(f"target {self.name}: {self.command[0]} did not answer as a Tcl "
                              f"interpreter ({how}; said: {said})")
        version, lacks = m.group(1), (m.group(2) or "").split()
        if not supported_version(version):
            raise ConfigError(f"target {self.name}: {self.command[0]} says it is version {version}; "
                              "the suite needs Tcl 8.6 or 9.x")
        if lacks:
            raise ConfigError(f"target {self.name}: {self.command[0]} (version {version}) has no "
                              f"{' and no '.join(repr(c) for c in lacks)} command after its setup "
                              "script; the suite needs Tcl 8.6 or 9.x with socket and chan")
        self.version = version
        return self.version


def supported_version(version):
    """True for a patch level of Tcl 8.6 or 9.x, the interpreters the cases are written for."""
    return re.fullmatch(r"8\.6(?:[.ab]\d+)?|9\.\d+(?:[.ab]\d+)?", version) is not None


@functools.lru_cache(maxsize=64)
def _unreadable(needed):
    return launch.unreadable_for_others(needed)


def _oneline(text, limit=300):
    """TEXT on one line, control characters escaped, at most LIMIT characters."""
    text = escape_controls(" ".join(str(text).split()))
    return text if len(text) <= limit else text[:limit] + "..."


def _inside(path, folder):
    try:
        Path(path).resolve().relative_to(Path(folder).resolve())
        return True
    except ValueError:
        return False


def _shown(path):
    """PATH relative to the project root when it is inside it, else as it is."""
    return str(Path(path).relative_to(paths.ROOT)) if _inside(path, paths.ROOT) else str(path)


def _path(value):
    return None if not value else (Path(value) if os.path.isabs(value) else paths.ROOT / value)


def _entry_lines(text):
    """Line numbers of the TOML table headers ["NNNN"] / [NNNN] and [["NNNN"]] in
    TEXT: {case id: [line of each entry, in order]}."""
    lines = {}
    for no, line in enumerate(text.splitlines(), start=1):
        m = re.match(r'\s*\[(\[)?\s*"?([^"\]]+)"?\s*\](?(1)\])\s*(#.*)?$', line)
        if m:
            lines.setdefault(m.group(2), []).append(no)
    return lines


def first_match(entries, profile, version, variant=INSTALLED):
    """The first of ENTRIES that applies to PROFILE, VERSION and VARIANT, or None:
    as wptrunner's conditions, the first match decides."""
    for e in entries:
        if e.applies(profile, version, variant):
            return e
    return None


def shadows(earlier, later):
    """True when EARLIER applies wherever LATER does, so that LATER is never used."""
    tcl_covered = earlier.tcl == later.tcl or earlier.tcl == "*" or \
        (not any(ch in later.tcl for ch in "*?[") and fnmatchcase(later.tcl, earlier.tcl))
    if not tcl_covered:
        return False
    if earlier.variant is not None and earlier.variant != later.variant and \
            (later.variant is None or not fnmatchcase(later.variant, earlier.variant)):
        return False
    if earlier.profiles is None:
        return True
    return later.profiles is not None and set(later.profiles) <= set(earlier.profiles)


def _expectation(where, case_id, entry, allow_placeholder):
    """One entry of an expectations file, checked."""
    unknown = sorted(set(entry) - EXPECTATION_KEYS)
    if unknown:
        raise ConfigError(f"{where}: [{case_id}]: unknown key '{unknown[0]}' "
                          f"(known: {', '.join(sorted(EXPECTATION_KEYS))})")
    verdict, reason = entry.get("verdict"), entry.get("reason", "")
    if verdict not in model.EXPECTABLE:
        raise ConfigError(f"{where}: [{case_id}]: verdict {verdict!r} is not one of "
                          f"{', '.join(model.EXPECTABLE)}")
    if not isinstance(reason, str) or not reason.strip():
        raise ConfigError(f"{where}: [{case_id}]: an expectation needs a reason")
    if reason.strip() == PLACEHOLDER and not allow_placeholder:
        raise ConfigError(f"{where}: [{case_id}]: the reason is still the placeholder; "
                          "write why this result is expected")
    tcl = entry.get("tcl")
    if not isinstance(tcl, str) or not tcl:
        raise ConfigError(f"{where}: [{case_id}]: an expectation needs tcl = \"PATCHLEVEL\" "
                          "(the interpreter version its reason is about, e.g. \"8.6.13\", "
                          "or a glob such as \"8.6.*\" or \"*\")")
    prof = entry.get("profiles")
    if prof is not None and (not isinstance(prof, list) or not prof
                             or not all(isinstance(x, str) for x in prof)):
        raise ConfigError(f"{where}: [{case_id}]: profiles must be a non-empty list of profile names")
    if prof is not None:
        bad = [x for x in prof if x not in REGISTRY]
        if bad:
            raise ConfigError(f"{where}: [{case_id}]: unknown profile '{bad[0]}'")
    variant = entry.get("variant")
    if variant is not None:
        if not isinstance(variant, str) or not variant or \
                (not any(ch in variant for ch in "*?[") and variant not in (INSTALLED, *VARIANTS)):
            raise ConfigError(f"{where}: [{case_id}]: variant must be {INSTALLED!r} (a Tcl the "
                              f"target finds as it is) or a build variant ({', '.join(VARIANTS)}), "
                              "or a glob of them")
    return Expectation(verdict, reason.strip(), prof, tcl, where, variant)


def load_expectations(path: Path | None, required=False, allow_placeholder=False):
    """Expectations from a TOML file: {case id: [Expectation, ...]}, the entries
    of a case in the file's order (the first that applies decides). A case has
    one table (["0901"]) or an array of tables ([["0901"]], one per entry).
    Every problem is a ConfigError naming the file and line - an entry that an
    earlier one of its case always shadows, and the placeholder reason that
    `expectations update` writes too, unless ALLOW_PLACEHOLDER."""
    if path is None:
        return {}
    if not path.is_file():
        if required:
            raise ConfigError(f"expectations file {path} not found")
        return {}
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from None
    lines = _entry_lines(text)
    out = {}
    for case_id, value in data.items():
        at = lines.get(case_id, [1])
        where = f"{path}:{at[0]}"
        if not re.fullmatch(r"\d{4}", case_id):
            raise ConfigError(f"{where}: [{case_id}] is not a case id (four digits)")
        tables = value if isinstance(value, list) else [value]
        if not tables or not all(isinstance(e, dict) for e in tables):
            raise ConfigError(f"{where}: [{case_id}] must be a table of verdict, reason, tcl, profiles "
                              f"(or [[\"{case_id}\"]] tables, one per entry)")
        entries = []
        for n, entry in enumerate(tables):
            here = f"{path}:{at[n] if n < len(at) else at[-1]}"
            e = _expectation(here, case_id, entry, allow_placeholder)
            for before in entries:
                if shadows(before, e):
                    raise ConfigError(f"{here}: [{case_id}]: this entry is never used: the entry at "
                                      f"line {before.where.rsplit(':', 1)[1]} applies first wherever "
                                      "it would (tcl and profiles)")
            entries.append(e)
        out[case_id] = entries
    return out


def _from_table(name, table, known=None):
    """The Target of a targets.toml table. `like = "OTHER"` starts from OTHER's
    table (its setup, env, needs, expectations); `tcl = {release, variant}`
    runs it in that Tcl built from source (its tclsh is the command)."""
    where = f"{TARGETS_FILE}: target {name}"
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: must be a table")
    unknown = sorted(set(table) - TARGET_KEYS)
    if unknown:
        raise ConfigError(f"{where}: unknown key '{unknown[0]}' (known: {', '.join(sorted(TARGET_KEYS))}; "
                          "a NAME = { ... } line below a [table] belongs to that table: put it "
                          "before the first one)")
    like = table.get("like")
    if "like" in table:
        base = (known or {}).get(table["like"])
        if not isinstance(table["like"], str) or base is None or "like" in base:
            raise ConfigError(f"{where}: like = {table['like']!r} must name a target of the file "
                              "that has no 'like' of its own")
        table = {**{k: v for k, v in base.items() if k not in ("description", "tcl", "command")},
                 **{k: v for k, v in table.items() if k != "like"}}
    build = tclbuilds.from_table(where, table["tcl"]) if "tcl" in table else None
    command = table.get("command")
    if build is not None:
        if command is not None:
            raise ConfigError(f"{where}: give either 'command' or 'tcl' (whose tclsh is the command)")
        command = [str(build.tclsh())]
    if not command or not isinstance(command, list):
        raise ConfigError(f"{where}: 'command' must be a non-empty list")
    t = Target(name=name, command=list(command), setup=_path(table.get("setup")),
               env=dict(table.get("env", {})), needs=_path(table.get("needs")),
               description=table.get("description", ""),
               timeout_factor=float(table.get("timeout_factor", 1.0)), build=build,
               like=like, strict_compat=table.get("strict_compat") is True,
               compat_of=table.get("compat_of"))
    t.expectations_file = _path(table.get("expectations"))
    for key in ("lacks", "writable"):
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(x, str) and x for x in value):
            raise ConfigError(f"{TARGETS_FILE}: target {name}: '{key}' must be a list of strings")
    capabilities = _target_capabilities()
    for cap in table.get("lacks", []):
        if cap not in capabilities:
            raise ConfigError(f"{TARGETS_FILE}: target {name}: lacks '{cap}', which is not a "
                              "target capability (scope: target in spec/capabilities.yaml)")
    t.lacks = list(table.get("lacks", []))
    prepare = table.get("prepare")
    if prepare is not None and (not isinstance(prepare, str) or not prepare):
        raise ConfigError(f"{TARGETS_FILE}: target {name}: 'prepare' must be the path of a program")
    t.prepare = _path(prepare)
    if t.prepare is None and any("{runtime}" in str(v) for v in t.env.values()):
        raise ConfigError(f"{TARGETS_FILE}: target {name}: its env names {{runtime}}, "
                          "which needs a 'prepare' program")
    t.writable = [_path(w) for w in table.get("writable", [])]
    t.expectations = None       # loaded when the target is selected (load_expectations_of)
    return t


def _target_capabilities():
    return spec.load().target_capabilities()


def load_expectations_of(t, allow_placeholder=False):
    """T's expectations, read from its file the first time they are needed, so
    a problem in one target's file never stops a run of another target."""
    if t.expectations is None:
        t.expectations = load_expectations(t.expectations_file, allow_placeholder=allow_placeholder)
    return t.expectations


def load_all(path: Path = TARGETS_FILE):
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from None
    return {name: _from_table(name, table, data) for name, table in data.items()}


def _user_path(value):
    """A path given on the command line: relative to the current folder."""
    return Path(value).expanduser().resolve()


def parse_spec(spec: str, known: dict, notes=None) -> Target:
    """A --target value: a known NAME, or NAME=CMD[,setup=FILE][,expect=FILE|none].

    NAME=CMD with a built-in NAME keeps that target's expectations (they say
    which interpreter version they are about) unless expect= is given;
    expect=none drops them. Either way NOTES (a list) gets a line saying so."""
    if "=" not in spec:
        if spec not in known:
            raise ConfigError(f"unknown target '{spec}' (known: {', '.join(known)}; "
                              "or NAME=/path/to/tclsh[,setup=FILE][,expect=FILE])")
        return known[spec]
    name, _, rest = spec.partition("=")
    parts = rest.split(",")
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.+]*(?:-[A-Za-z0-9_.+]+)*", name or ""):
        raise ConfigError(f"--target {spec}: the name must be letters, digits and . _ + - "
                          "(NAME=CMD[,setup=FILE][,expect=FILE])")
    if not parts[0].strip():
        raise ConfigError(f"--target {spec}: expected NAME=CMD[,setup=FILE][,expect=FILE]")
    setup = expect = None
    drop = False
    for extra in parts[1:]:
        key, _, value = extra.partition("=")
        if key == "setup" and value:
            setup = _user_path(value)
        elif key == "expect" and value == "none":
            drop = True
        elif key == "expect" and value:
            expect = _user_path(value)
        else:
            raise ConfigError(f"--target {spec}: unknown field '{extra}' "
                              "(setup=FILE, expect=FILE or expect=none)")
    if setup is not None and not setup.is_file():
        raise ConfigError(f"--target {spec}: setup script {setup} not found")
    try:
        command = shlex.split(parts[0])
    except ValueError as exc:
        raise ConfigError(f"--target {spec}: cannot split the command: {exc}") from None
    if not command:
        raise ConfigError(f"--target {spec}: empty command")
    t = Target(name=name, command=command, setup=setup)
    if expect is not None:
        t.expectations_file = expect
        t.expectations = load_expectations(expect, required=True)
    elif name in known and not drop:
        t.expectations_file = known[name].expectations_file
        t.expectations = load_expectations_of(known[name])
        if notes is not None and t.expectations:
            notes.append(f"target {name}: keeps the built-in target's expectations "
                         f"({_shown(t.expectations_file)}); expect=none drops them")
    elif name in known and drop and notes is not None and load_expectations_of(known[name]):
        notes.append(f"target {name}: the built-in target's expectations are dropped (expect=none)")
    return t


def select(specs, known=None, notes=None):
    """Targets named on the command line; none named -> tclsh8.6."""
    known = load_all() if known is None else known
    chosen = {}
    for name_or_spec in specs or ["tclsh8.6"]:
        t = parse_spec(name_or_spec, known, notes)
        load_expectations_of(t)
        if t.name in chosen:
            raise ConfigError(f"target {t.name} is named twice")
        chosen[t.name] = t
    for t in chosen.values():
        t.resolved_command()
    return list(chosen.values())
