"""A gate that cannot lie: bad inputs and hostile targets, each with the exit status,
the message, and "nothing left behind".

Every row runs ./sockconf once (or a few times) with a process marker in the
environment, so everything the run started can be found while it runs and must
be gone once it has ended: processes (setsid and double-forked children
included), their listeners, network namespaces and /etc/netns entries the run
made, and temporary files (the run gets a TMPDIR of its own, which must be
empty afterwards). Bad input must give exit 2 and exactly one line on stderr,
never a traceback; a hostile implementation gives a verdict and the run goes on.
"""

import json
import os
import re
import signal
import socket
import subprocess
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import ROOT, case_text, processes_with_env
from sockconf import netns

IS_ROOT = os.geteuid() == 0
NS_OK = not netns.unavailable_reason()
CLAUSE = "args.wrong-count"


def namespaces():
    try:
        return {p.name for p in netns.RUN_NETNS.iterdir()}
    except OSError:
        return set()


@dataclass
class Run:
    rc: int
    out: str
    err: str
    makers: set = field(default_factory=set)
    marker: str = ""
    tmpdir: Path = None


class Chaos:
    """A scratch folder with a case folder, an output folder and a TMPDIR."""

    def __init__(self, tmp_path):
        self.root = tmp_path
        self.cases = tmp_path / "cases"
        self.out = tmp_path / "out"
        self.tmp = tmp_path / "tmpdir"
        self.cases.mkdir()
        self.tmp.mkdir()
        self.add("0001", "passes", "assert_equal 1 1\n")

    def add(self, case_id, slug, body, folder="area", **meta):
        path = self.cases / folder / f"{case_id}-{slug}.tcl"
        path.parent.mkdir(exist_ok=True)
        path.write_text(case_text(case_id, body, **meta), encoding="utf-8")
        return path

    def file(self, name, text):
        path = self.root / name
        path.write_text(text, encoding="utf-8")
        return path

    def sockconf(self, *args, run=True, timeout=120, stop=None, env=None, default_out=True):
        """Run ./sockconf [run --cases ... --out ...] ARGS. STOP = (seconds, signal,
        "pid"|"group") sends a signal while it runs."""
        marker = "sockconf-chaos-" + uuid.uuid4().hex
        cmd = [str(ROOT / "sockconf")]
        if run:
            cmd += ["run", "--cases", str(self.cases), "--profile", "host"]
            if default_out:
                cmd += ["--out", str(self.out)]
        cmd += [str(a) for a in args]
        environ = {**os.environ, "SOCKCONF_SELFTEST_MARK": marker, "TMPDIR": str(self.tmp), **(env or {})}
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, env=environ, start_new_session=True)
        makers, done = set(), threading.Event()

        def poll():
            while not done.is_set():
                makers.update(processes_with_env(marker))
                done.wait(0.03)

        poller = threading.Thread(target=poll, daemon=True)
        poller.start()
        if stop is not None:
            delay, sig, whom = stop
            self.wait_for_results(3, deadline=delay)
            (os.killpg if whom == "group" else os.kill)(proc.pid, sig)
        try:
            out, err = proc.communicate(timeout=timeout)
        finally:
            done.set()
            poller.join()
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        return Run(proc.returncode, out, err, makers, marker, self.tmp)

    def wait_for_results(self, n, deadline):
        end = time.monotonic() + deadline
        path = self.out / "results.json"
        while time.monotonic() < end:
            try:
                if len(json.loads(path.read_text())["results"]) >= n:
                    time.sleep(0.3)
                    return
            except (OSError, ValueError, KeyError):
                pass
            time.sleep(0.05)

    def results(self):
        return json.loads((self.out / "results.json").read_text(encoding="utf-8"))

    def verdicts(self):
        return {r["case"]: r["verdict"] for r in self.results()["results"]}


def nothing_left(run, grace=5.0):
    """Assert the run left no process, namespace, /etc/netns entry or temporary file."""
    end = time.monotonic() + grace
    while processes_with_env(run.marker) and time.monotonic() < end:
        time.sleep(0.1)
    left = processes_with_env(run.marker)
    assert not left, f"processes left behind: {[Path(f'/proc/{p}/cmdline').read_bytes() for p in left]}"
    made = {n for n in namespaces()
            if (m := netns.NAME_RE.match(n)) and int(m.group(1)) in run.makers}
    assert not made, f"namespaces left behind: {made}"
    if netns.ETC_NETNS.is_dir():
        etc = {p.name for p in netns.ETC_NETNS.iterdir()
               if (m := netns.NAME_RE.match(p.name)) and int(m.group(1)) in run.makers}
        assert not etc, f"/etc/netns entries left behind: {etc}"
    stray = sorted(str(p) for p in run.tmpdir.rglob("*"))
    assert not stray, f"temporary files left behind: {stray}"


def one_line_exit_2(run, pattern):
    assert run.rc == 2, (run.rc, run.out[-2000:], run.err)
    lines = run.err.strip().splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got: {run.err!r}"
    assert "Traceback" not in run.err + run.out
    assert re.search(pattern, lines[0]), (pattern, lines[0])


# ---------------------------------------------------------------- bad input: one line, exit 2

def _dup(c):
    c.add("0001", "again", "assert_equal 1 1\n", folder="other")
    return []


def _case(c, *args, **meta):
    c.add(*args, **meta)
    return []


def _out_file(c):
    f = c.file("a-file", "x")
    return ["--out", f]


def _broken_symlink(c):
    (c.cases / "area" / "0002-dangling.tcl").symlink_to(c.root / "nowhere.tcl")
    return []


def _bad_record(c, field, value):
    doc = {"schema": "sockconf-results/1", "started": "x", "host": {}, "targets": {}, "profiles": [],
           "results": [{"case": "0001", "slug": "s", "target": "t", "profile": "p", "verdict": "pass",
                        "duration_s": 0, "clauses": [], "message": "", "observations": {}}]}
    doc["results"][0][field] = value
    return c.file(f"bad-{field}.json", json.dumps(doc))


def _good_results(c):
    doc = {"schema": "sockconf-results/1", "started": "x", "host": {}, "targets": {}, "profiles": [],
           "results": []}
    return c.file("good.json", json.dumps(doc))


def _doc(c, name, **change):
    """A valid one-record results file, then CHANGE applied: key=value on the
    document, or record_KEY=value on its record."""
    doc = {"schema": "sockconf-results/1", "started": "x", "host": {},
           "targets": {"t": {"command": ["tclsh8.6"], "version": "8.6.13"}}, "profiles": ["p"],
           "results": [{"case": "0001", "slug": "s", "target": "t", "profile": "p", "verdict": "pass",
                        "duration_s": 0, "clauses": [], "message": "", "observations": {}}]}
    for key, value in change.items():
        if key.startswith("record_"):
            doc["results"][0][key[len("record_"):]] = value
        else:
            doc[key] = value
    return c.file(name, json.dumps(doc))


def _raw(c, name, text):
    return c.file(name, text)


def _duplicated(c):
    """A results file with a fail and a pass for one item."""
    doc = json.loads(_doc(c, "one.json").read_text())
    doc["results"] = [dict(doc["results"][0], verdict="fail"), dict(doc["results"][0])]
    return c.file("dup.json", json.dumps(doc))


DEEP = "[" * 100000 + "]" * 100000


def _durations_in_out(c):
    c.out.mkdir(exist_ok=True)
    (c.out / "results.json").write_text(_doc(c, "d.json").read_text())
    return ["--shard", "1/2", "--shard-durations", c.out / "results.json"]


def _fifo_case(c):
    os.mkfifo(c.cases / "area" / "0009-fifo.tcl")
    return []


def _expect_file(c, text):
    return c.file("exp.toml", text)


def _lock_out(c):
    """Hold the lock of --out as a running sockconf would."""
    import fcntl
    c.out.mkdir(exist_ok=True)
    fd = os.open(c.out / ".sockconf-run.lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)
    os.write(fd, b"4242\n")
    c.lock_fd = fd
    return []


BAD_INPUT = [
    # (id, prepare(chaos) -> extra args, run?, stderr pattern)
    ("timeout-scale-nan", lambda c: ["--timeout-scale", "nan"], True, r"--timeout-scale must be a number"),
    ("timeout-scale-inf", lambda c: ["--timeout-scale", "inf"], True, r"--timeout-scale must be a number"),
    ("timeout-scale-zero", lambda c: ["--timeout-scale", "0"], True, r"--timeout-scale must be a number"),
    ("timeout-scale-negative", lambda c: ["--timeout-scale=-1"], True, r"--timeout-scale must be a number"),
    ("timeout-scale-huge", lambda c: ["--timeout-scale", "1e9"], True, r"--timeout-scale must be a number"),
    ("jobs-zero", lambda c: ["--jobs", "0"], True, r"--jobs must be between 1 and"),
    ("jobs-negative", lambda c: ["--jobs=-1"], True, r"--jobs must be between 1 and"),
    ("jobs-1000", lambda c: ["--jobs", "1000"], True, r"--jobs must be between 1 and"),
    ("jobs-not-a-number", lambda c: ["--jobs", "two"], True, r"invalid int value"),
    ("repeat-zero", lambda c: ["--repeat", "0"], True, r"--repeat must be between"),
    ("shard-backwards", lambda c: ["--shard", "3/2"], True, r"--shard must be I/N"),
    ("shard-garbage", lambda c: ["--shard", "half"], True, r"--shard must be I/N"),
    ("interpreter-true", lambda c: ["--target", "t=/bin/true"], True, r"did not answer as a Tcl interpreter"),
    ("interpreter-echo", lambda c: ["--target", "e=/bin/echo"], True, r"did not answer as a Tcl interpreter"),
    ("interpreter-missing", lambda c: ["--target", "m=/nonexistent/tclsh"], True, r"not found or not executable"),
    ("unknown-target", lambda c: ["--target", "no-such-target"], True, r"unknown target 'no-such-target'"),
    ("unknown-profile", lambda c: ["--profile", "moon"], True, r"unknown profile 'moon'"),
    ("unbalanced-quote", lambda c: ["--target", 'x=tclsh8.6 "unbalanced'], True, r"cannot split the command"),
    ("target-bad-field", lambda c: ["--target", "x=tclsh8.6,colour=blue"], True, r"unknown field 'colour=blue'"),
    ("target-twice", lambda c: ["--target", "tclsh8.6", "--target", "tclsh8.6"], True, r"named twice"),
    ("missing-expect-file", lambda c: ["--target", f"x=tclsh8.6,expect={c.root}/nosuch.toml"], True,
     r"expectations file .*nosuch.toml not found"),
    ("expect-unknown-case", lambda c: ["--target", "x=tclsh8.6,expect=" + str(_expect_file(
        c, '["7777"]\nverdict = "fail"\ntcl = "*"\nreason = "r"\n'))], True,
     r"exp.toml:1: expectation for case 7777, which does not exist"),
    ("expect-unknown-verdict", lambda c: ["--target", "x=tclsh8.6,expect=" + str(_expect_file(
        c, '# c\n["0001"]\nverdict = "great"\ntcl = "*"\nreason = "r"\n'))], True,
     r"exp.toml:2: \[0001\]: verdict 'great' is not one of"),
    ("expect-without-tcl", lambda c: ["--target", "x=tclsh8.6,expect=" + str(_expect_file(
        c, '["0001"]\nverdict = "fail"\nreason = "r"\n'))], True, r"exp.toml:1: \[0001\]: an expectation needs tcl"),
    ("setup-syntax-error", lambda c: ["--target", "s=tclsh8.6,setup=" + str(c.file(
        "bad-setup.tcl", "set x 1\nset a [foo\n"))], True, r"setup script failed: missing close-bracket \(line 2 of"),
    ("setup-missing", lambda c: ["--target", f"s=tclsh8.6,setup={c.root}/none.tcl"], True, r"setup script .* not found"),
    ("duplicate-case-id", _dup, True, r"0001-\w+.tcl:1: case id 0001 is also used by .*0001-\w+.tcl"),
    ("malformed-frontmatter", lambda c: _case(c, "0003", "bad", "", clauses=("no.such.clause",)), True,
     r"0003-bad.tcl:4: unknown clause id 'no.such.clause'"),
    ("case-calls-skip", lambda c: _case(c, "0004", "skips", "skip {not here}\n"), True,
     r"0004-skips.tcl:\d+: a case cannot skip"),
    ("case-undeclared-param", lambda c: _case(c, "0005", "param", "set a [param v4-extra]\n"), True,
     r"0005-param.tcl:\d+: 'param v4-extra' is used but"),
    ("cases-folder-missing", lambda c: ["--cases", c.root / "nope"], True, r"case folder .*nope does not exist"),
    ("out-is-a-file", _out_file, True, r"--out .*a-file: exists and is not a folder"),
    ("out-dev-null", lambda c: ["--out", "/dev/null"], True, r"--out /dev/null: exists and is not a folder"),
    ("out-unwritable", lambda c: ["--out", "/proc/sockconf-chaos/out"], True, r"--out /proc/sockconf-chaos/out: cannot write"),
    ("out-locked", _lock_out, True, r"another sockconf run \(pid 4242\) is writing there"),
    ("no-case-selected", lambda c: ["-k", "nothing-matches-this"], True, r"no case selected"),
    ("bad-k-expression", lambda c: ["-k", "0001 and and"], True, r"pytest refused the run: .*-k"),
    ("list-broken-symlink", lambda c: _broken_symlink(c) + ["list", "--cases", c.cases], False,
     r"0002-dangling.tcl:1: cannot read"),
    ("report-message-null", lambda c: ["report", "--results", _bad_record(c, "message", None)], False,
     r"bad-message.json: not a sockconf-results/1 file: results\[0\]\.message: null is not of type string"),
    ("diff-case-number", lambda c: ["diff", _bad_record(c, "case", 101), _good_results(c)], False,
     r"bad-case.json: not a sockconf-results/1 file: results\[0\]\.case: 101 is not of type string"),
    ("merge-case-number", lambda c: ["merge", _bad_record(c, "case", 101), "--out", c.root / "m.json"], False,
     r"bad-case.json: .*results\[0\]\.case: 101 is not of type string"),
    ("diff-missing-file", lambda c: ["diff", _good_results(c), c.root / "nosuch.json"], False,
     r"nosuch.json: no such result file"),
    ("report-missing-file", lambda c: ["report", "--results", c.root / "nosuch.json"], False,
     r"nosuch.json: no such result file"),
    ("report-lone-surrogate", lambda c: ["report", "--results", c.file(
        "sur.json", '{"schema": "sockconf-results/1", "started": "\\ud800", "host": {}, "targets": {}, '
                    '"profiles": [], "results": []}')], False, r"sur.json: .*lone surrogate"),
    ("expectations-update-unknown-target", lambda c: ["expectations", "update", "--target", "nobody",
                                                      "--results", _good_results(c), "--file", c.root / "e.toml"],
     False, r"target nobody is not in the results"),
    ("clause-gate-without-ref", lambda c: ["clauses", "--uncovered", "--results", _good_results(c)], False,
     r"has no results of target ref"),
    # issue 15: a gate path must never be green on a partial, mixed or duplicated result
    ("shard-typo-selects-nothing", lambda c: ["--shard", "1/2", "-k", "typo"], True, r"no case selected"),
    ("durations-inside-out", _durations_in_out, True, r"--shard-durations .*is in --out .*copy it elsewhere"),
    ("fifo-case-file", _fifo_case, True, r"0009-fifo.tcl:1: a case file must be a regular file, not a FIFO"),
    *[(f"duplicate-record-{name}", (lambda args: lambda c: [
        a(c) if callable(a) else a for a in args])(args), run, r"dup.json: .*a second record of item 0001")
      for name, args, run in (
          ("report", ["report", "--results", _duplicated], False),
          ("diff", ["diff", _duplicated, _good_results], False),
          ("merge", ["merge", _duplicated, "--out", "/tmp/never-written.json"], False),
          ("expectations", ["expectations", "update", "--target", "t", "--results", _duplicated,
                            "--file", "/tmp/never-written.toml"], False),
          ("clauses", ["clauses", "--uncovered", "--results", _duplicated, "--target", "t"], False),
          ("baseline", ["--baseline", _duplicated], True),
          ("durations", ["--shard", "1/2", "--shard-durations", _duplicated], True))],
    *[(f"deep-json-{name}", (lambda args: lambda c: [
        a(c) if callable(a) else a for a in args])(args), run, r"deep.json: not JSON: nested too deeply")
      for name, args, run in (
          ("report", ["report", "--results", lambda c: _raw(c, "deep.json", DEEP)], False),
          ("diff", ["diff", lambda c: _raw(c, "deep.json", DEEP), _good_results], False),
          ("merge", ["merge", lambda c: _raw(c, "deep.json", DEEP), "--out", "/tmp/never.json"], False),
          ("expectations", ["expectations", "update", "--target", "t", "--results",
                            lambda c: _raw(c, "deep.json", DEEP), "--file", "/tmp/never.toml"], False),
          ("baseline", ["--baseline", lambda c: _raw(c, "deep.json", DEEP)], True))],
    ("merge-string-selected", lambda c: ["merge", _doc(c, "sel.json", selected="3"), "--out", c.root / "m.json"],
     False, r"sel.json: .*selected: \"3\" is not of type integer"),
    ("report-complete-not-bool", lambda c: ["report", "--results", _doc(c, "cp.json", complete="yes")],
     False, r"cp.json: .*complete: \"yes\" is not of type boolean"),
    ("report-nan-duration", lambda c: ["report", "--results", _raw(c, "nan.json", _doc(
        c, "n.json").read_text().replace('"duration_s": 0', '"duration_s": NaN'))],
     False, r"nan.json: not JSON: NaN is not a JSON number"),
    ("report-infinite-duration", lambda c: ["report", "--results", _raw(c, "inf.json", _doc(
        c, "i.json").read_text().replace('"duration_s": 0', '"duration_s": -Infinity'))],
     False, r"inf.json: not JSON: -Infinity is not a JSON number"),
    ("report-400-digit-duration", lambda c: ["report", "--results", _raw(c, "big.json", _doc(
        c, "b.json").read_text().replace('"duration_s": 0', '"duration_s": ' + "9" * 400))],
     False, r"big.json: .*results\[0\]\.duration_s: 9+\.\.\. is out of range"),
    ("merge-no-result-at-all", lambda c: ["merge", _good_results(c), "--out", c.root / "m.json"], False,
     r"merge: the files hold no result at all"),
    ("merge-unwritable-out", lambda c: ["merge", _doc(c, "w.json"), "--out", "/proc/sockconf-x/m.json"],
     False, r"/proc/sockconf-x/m.json: cannot write"),
    ("expectations-unwritable-file", lambda c: ["expectations", "update", "--target", "t", "--results",
                                                _doc(c, "e.json"), "--cases", c.cases,
                                                "--file", "/proc/sockconf-x/e.toml"],
     False, r"/proc/sockconf-x/e.toml: cannot write"),
]


@pytest.mark.parametrize("name,prepare,run,pattern", BAD_INPUT, ids=[r[0] for r in BAD_INPUT])
def test_bad_input_is_one_line_and_exit_2(tmp_path, name, prepare, run, pattern):
    c = Chaos(tmp_path)
    args = prepare(c)
    r = c.sockconf(*args, run=run, timeout=60)
    one_line_exit_2(r, pattern)
    nothing_left(r)


# ---------------------------------------------------------------- hostile targets: a verdict, the run goes on

FLOOD = "set s [string repeat x 1048576]\nfor {set i 0} {$i < 100} {incr i} {puts -nonewline $s}\n"


def test_hang_crash_and_flood_each_get_their_verdict_and_the_run_goes_on(tmp_path):
    c = Chaos(tmp_path)
    c.add("0002", "hangs", "exec sh -c {sleep 300} &\nvwait forever\n", timeout=1)
    c.add("0003", "segv", "exec kill -SEGV [pid]\nafter 2000\n")
    c.add("0004", "floods", FLOOD + "assert_equal 1 1\n", timeout=30)
    c.add("0005", "after", "assert_equal 1 1\n")
    r = c.sockconf()
    assert r.rc == 1
    v = c.verdicts()
    assert v == {"0001": "pass", "0002": "timeout", "0003": "crash", "0004": "pass", "0005": "pass"}, v
    rec = next(x for x in c.results()["results"] if x["case"] == "0004")
    assert "more bytes not kept" in rec["stdout"] and len(rec["stdout"]) < 20000
    nothing_left(r)


def test_setup_flood_of_100_mb_is_bounded(tmp_path):
    c = Chaos(tmp_path)
    setup = c.file("flood-setup.tcl", FLOOD)
    r = c.sockconf("--target", f"f=tclsh8.6,setup={setup}")
    assert r.rc == 0, r.err
    assert c.verdicts() == {"0001": "pass"}
    rec = c.results()["results"][0]
    assert len(rec["stdout"]) < 20000
    nothing_left(r)


@pytest.mark.skipif(not IS_ROOT, reason="containment of setsid children needs root (PID namespaces)")
def test_setsid_escape_from_a_case_and_from_a_setup_dies_with_it(tmp_path):
    c = Chaos(tmp_path)
    c.add("0002", "escapes", "exec setsid sleep 301 &\nexec sh -c {(setsid sleep 302 >/dev/null 2>&1 &) &}\nafter 200\n")
    setup = c.file("escape-setup.tcl", "exec setsid sleep 303 &\n")
    r = c.sockconf("--target", f"esc=tclsh8.6,setup={setup}")
    assert r.rc == 0, r.out + r.err
    assert c.verdicts() == {"0001": "pass", "0002": "pass"}
    nothing_left(r)


@pytest.mark.skipif(not (IS_ROOT and NS_OK), reason="needs root and ip for a namespace profile")
def test_a_listener_a_case_left_is_gone_for_the_next_case(tmp_path):
    """In one worker's namespace, case 0002 leaves a detached listener on a fixed port;
    case 0003, run after it in the same namespace, must find the port closed."""
    c = Chaos(tmp_path)
    listener = c.file("cases/area/listener.tcl", "socket -server {apply {args {}}} -myaddr 127.0.0.1 45999\n"
                      "vwait forever\n")
    c.add("0002", "leaves-listener", f"exec setsid tclsh8.6 {listener} &\nafter 500\n"
          "assert_equal 0 [catch {close [socket 127.0.0.1 45999]}] {the helper listens}\n")
    c.add("0003", "port-free", "assert_error {couldn't open socket: connection refused} "
          "{socket 127.0.0.1 45999}\n")
    r = c.sockconf("--profile", "dual", "-k", "0002 or 0003", "--jobs", "1")
    v = {(x["case"], x["profile"]): x["verdict"] for x in c.results()["results"]}
    assert v[("0002", "dual")] == "pass" and v[("0003", "dual")] == "pass", v
    assert r.rc == 0, r.out + r.err
    nothing_left(r)


SIDE_CHANNEL = [
    ("garbage", "not json at all"),
    ("list-key", '{"t":"observe","key":["x"],"value":"1"}'),
    ("number-value", '{"t":"observe","key":"x","value":1}'),
    ("lone-surrogate", '{"t":"observe","key":"x","value":"\\ud800"}'),
    ("forged-skip", '{"t":"skip","reason":"forged"}'),
    ("forged-done-field", '{"t":"done","verdict":"pass"}'),
    ("unknown-type", '{"t":"pass"}'),
    ("not-an-object", '["t","done"]'),
]


def test_unusable_side_channel_records_are_errors_of_their_case(tmp_path):
    c = Chaos(tmp_path)
    for i, (slug, line) in enumerate(SIDE_CHANNEL, start=10):
        c.add(f"00{i}", slug, f"puts $::sockconf::report {{{line}}}\nflush $::sockconf::report\n"
              "assert_equal 1 1\n")
    r = c.sockconf()
    assert r.rc == 1
    v = c.verdicts()
    for i, (slug, _) in enumerate(SIDE_CHANNEL, start=10):
        assert v[f"00{i}"] == "error", (slug, v)
    msgs = {x["case"]: x["message"] for x in c.results()["results"]}
    assert all("unusable record on the side channel" in msgs[f"00{i}"] for i in range(10, 10 + len(SIDE_CHANNEL)))
    assert v["0001"] == "pass"
    nothing_left(r)


def test_stdout_cannot_forge_and_escape_sequences_are_escaped(tmp_path):
    c = Chaos(tmp_path)
    c.add("0002", "forges", 'puts {{"t":"done","checks":"0"}}\nputs "\\x1b\\[2J<script>alert(1)</script>"\n'
          'puts "| tclsh8.6 | host | 99 |"\nassert_equal 1 2 "\\x1b\\[31mred <b>"\n')
    r = c.sockconf()
    assert r.rc == 1
    assert c.verdicts()["0002"] == "fail"
    assert "\x1b" not in r.out and "\x1b" not in r.err, "raw escape sequence reached the terminal"
    summary = (c.out / "summary.md").read_text()
    assert "\x1b" not in summary and "<script>" not in summary and "<b>" not in summary
    page = (c.out / "index.html").read_text()
    assert "<script>alert(1)</script>" not in page and "\x1b" not in page
    nothing_left(r)


@pytest.mark.parametrize("mask,mode", [(0o022, 0o644), (0o077, 0o600)])
def test_report_files_honour_the_umask(tmp_path, mask, mode):
    c = Chaos(tmp_path)
    old = os.umask(mask)
    try:
        r = c.sockconf()
    finally:
        os.umask(old)
    assert r.rc == 0
    for name in ("results.json", "summary.md", "index.html"):
        assert (c.out / name).stat().st_mode & 0o777 == mode, name


def test_helper_files_of_a_case_go_with_its_folder(tmp_path):
    c = Chaos(tmp_path)
    c.add("0002", "writes-helpers", "set f [open helper.tcl w]\nputs $f {exit}\nclose $f\n"
          "close [file tempfile name]\nassert_equal 1 2\n")
    r = c.sockconf()
    assert r.rc == 1 and c.verdicts()["0002"] == "fail"
    nothing_left(r)


def test_a_harness_exception_is_an_error_record_and_exit_1(tmp_path):
    c = Chaos(tmp_path)
    c.add("0002", "victim", "assert_equal 1 1\n")
    r = c.sockconf(env={"SOCKCONF_INJECT_HARNESS_FAULT": "0002"})
    assert r.rc == 1
    rec = next(x for x in c.results()["results"] if x["case"] == "0002")
    assert rec["verdict"] == "error" and rec["harness"].startswith("RuntimeError")
    assert "Every result is as expected" not in r.out
    nothing_left(r)


@pytest.mark.skipif(not (IS_ROOT and NS_OK), reason="needs root and ip for a namespace profile")
def test_a_profile_that_cannot_be_set_up_is_an_error_not_a_pass(tmp_path):
    c = Chaos(tmp_path)
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "ip").write_text('#!/bin/sh\nif [ "$1" = netns ] && [ "$2" = add ]; then\n'
                             '  echo "mount --make-shared /run/netns failed: Operation not permitted" >&2; exit 1\n'
                             f'fi\nexec {netns.shutil.which("ip")} "$@"\n')
    (fake / "ip").chmod(0o755)
    c.add("0002", "other", "assert_equal 1 1\n")
    r = c.sockconf("--profile", "dual", env={"PATH": f"{fake}:{os.environ['PATH']}"})
    assert r.rc == 1, r.out + r.err
    v = {(x["case"], x["profile"]): x for x in c.results()["results"]}
    for case in ("0001", "0002"):
        assert v[(case, "dual")]["verdict"] == "error"
        assert "could not be set up" in v[(case, "dual")]["harness"]
        assert v[(case, "host")]["verdict"] == "pass"
    assert "Every result is as expected" not in r.out
    nothing_left(r)


@pytest.mark.skipif(not (IS_ROOT and NS_OK), reason="needs root and ip for a namespace profile")
def test_an_empty_fault_shim_is_an_error_not_a_pass(tmp_path, monkeypatch):
    c = Chaos(tmp_path)
    empty = tmp_path / "libsockconf-fault.so"
    empty.write_bytes(b"")
    r = c.sockconf("--profile", "v4only", env={"SOCKCONF_FAULT_SHIM": str(empty)})
    assert r.rc == 1, r.out + r.err
    rec = next(x for x in c.results()["results"] if x["profile"] == "v4only")
    assert rec["verdict"] == "error" and "not set up as designed" in rec["harness"]
    nothing_left(r)


@pytest.mark.parametrize("sig,whom,code", [(signal.SIGTERM, "group", 143), (signal.SIGINT, "pid", 130),
                                           (signal.SIGTERM, "pid", 143), (signal.SIGINT, "group", 130)])
def test_signals_stop_the_run_and_keep_what_it_had(tmp_path, sig, whom, code):
    c = Chaos(tmp_path)
    for i in range(2, 5):
        c.add(f"000{i}", f"quick{i}", "assert_equal 1 1\n")
    c.add("0009", "slow", "exec setsid sleep 304 &\nafter 30000\n", timeout=60)
    r = c.sockconf("--jobs", "2", stop=(30, sig, whom))
    assert r.rc == code, (r.rc, r.out[-1500:], r.err)
    doc = c.results()
    assert doc["complete"] is False and doc["status"] == f"interrupted by {signal.Signals(sig).name}"
    assert len(doc["results"]) >= 3
    assert "INCOMPLETE" in (c.out / "summary.md").read_text()
    nothing_left(r)


@pytest.mark.parametrize("sig,code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_during_the_version_probe_is_one_line(tmp_path, sig, code):
    """The probe of a target whose setup takes 20 s is stopped: one line, the signal's
    status, no results written, nothing left."""
    c = Chaos(tmp_path)
    setup = c.file("slow-setup.tcl", "after 20000\n")
    r = c.sockconf("--target", f"slow=tclsh8.6,setup={setup}", stop=(1.5, sig, "pid"), timeout=60)
    assert r.rc == code, (r.rc, r.out, r.err)
    lines = r.err.strip().splitlines()
    assert len(lines) == 1 and "before the run started" in lines[0] and "Traceback" not in r.err, r.err
    assert not (c.out / "results.json").exists()
    nothing_left(r)


def test_a_second_run_into_a_busy_out_is_refused(tmp_path):
    c = Chaos(tmp_path)
    c.add("0009", "slow", "after 4000\n", timeout=30)
    marker = "sockconf-chaos-" + uuid.uuid4().hex
    first = subprocess.Popen([str(ROOT / "sockconf"), "run", "--cases", str(c.cases), "--profile", "host",
                              "--out", str(c.out)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, env={**os.environ, "SOCKCONF_SELFTEST_MARK": marker})
    try:
        c.wait_for_results(1, deadline=30)
        second = c.sockconf()
        one_line_exit_2(second, r"another sockconf run \(pid \d+\) is writing there")
    finally:
        assert first.wait(timeout=60) == 0
    assert c.verdicts() == {"0001": "pass", "0009": "pass"}, "the first run's results are intact"


def test_flaky_items_are_marked_and_fail_the_gate(tmp_path):
    """Items cannot share state (each runs in a sandbox of its own), so the runs
    learn their number from a counter served on the loopback by the test."""
    c = Chaos(tmp_path)
    counter = socket.create_server(("127.0.0.1", 0))
    served = []

    def serve():
        while len(served) < 3:
            conn, _ = counter.accept()
            served.append(1)
            with conn:
                conn.sendall(f"{len(served)}\n".encode())

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    port = counter.getsockname()[1]
    c.add("0002", "sometimes", f"set s [socket 127.0.0.1 {port}]\nset n [gets $s]\nclose $s\n"
          "assert {$n % 2 == 1} {odd runs pass}\n")
    try:
        r = c.sockconf("--repeat", "3")
    finally:
        counter.close()
    assert r.rc == 1
    rec = next(x for x in c.results()["results"] if x["case"] == "0002")
    assert rec["flaky"] is True and rec["verdict"] == "fail"
    assert [x["verdict"] for x in rec["runs"]] == ["pass", "fail", "pass"]
    assert c.results()["selected"] == 2 and len(c.results()["results"]) == 2


def test_a_clause_whose_cases_only_skip_is_not_covered(tmp_path):
    c = Chaos(tmp_path)
    doc = {"schema": "sockconf-results/1", "started": "x", "host": {}, "profiles": ["host"],
           "targets": {"ref": {"command": ["tclsh8.6"], "version": "8.6.13"}}, "results": []}
    from sockconf import spec
    for i, cl in enumerate(spec.load().testable_clauses()):
        doc["results"].append({"case": f"{1000 + i:04d}", "slug": "s", "target": "ref", "profile": "host",
                               "verdict": "skip", "duration_s": 0, "clauses": [cl.id], "message": "",
                               "observations": {}})
    res = c.file("skips.json", json.dumps(doc))
    r = c.sockconf("clauses", "--uncovered", "--results", res, run=False)
    assert r.rc == 1
    assert "no case passes on ref" in r.out
