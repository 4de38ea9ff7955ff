"""Faults that prove themselves: the shim's grammar (one, shared with the harness), its data-path
rules on real sockets (never on files or pipes), its report channel, the harness's judgement of
that channel, the faults: frontmatter, and the opt-in profiles' admission of cases."""

import errno
import json
import os
import signal
import subprocess
import sys
import textwrap

import pytest

from sockconf import casefile, faults, profiles, spec
from sockconf.errors import MetadataError

from conftest import ROOT

needs_shim = pytest.mark.skipif(not profiles.SHIM.is_file(), reason=profiles.SHIM_MISSING)
needs_grammar = pytest.mark.skipif(not faults.checker_built(), reason="harness/native not built")


# ---------------------------------------------------------------- the grammar

@needs_grammar
@pytest.mark.parametrize("rule", [
    "accept:EMFILE", "accept4:EINTR:1", "socket/flags:EINVAL", "getsockopt/error/inet6:ENOBUFS",
    "connect:SYNC", "getaddrinfo:EAI_NONAME", "getaddrinfo/passive:DELAY=500",
    "send/client:SHORT=7", "output/accepted:EAGAIN:p=50", "input:ECONNRESET:bytes=6000",
    "recv:SHORT=3:skip=2:p=10", "readv/listener:EINTR:3", "accept:DELAY=200 accept4:DELAY=200",
    "bind:EINVAL;listen:EINVAL",
])
def test_wellformed_rules_pass_the_check(rule):
    assert faults.check(rule) == ""


@needs_grammar
@pytest.mark.parametrize("rule, why", [
    ("acept:EMFILE", "unknown call 'acept'"),
    ("accept:EMFLIE", "unknown action 'EMFLIE'"),
    ("accept", "a rule is CALL"),
    ("accept:", "the ACTION is missing"),
    ("accept:EMFILE:0", "COUNT must be a number"),
    ("accept:EMFILE:2:3", "COUNT is given twice"),
    ("accept:EMFILE:skip=x", "skip=N needs"),
    ("accept:EMFILE:bytes=10", "bytes=N applies to data calls only"),
    ("send:SHORT=0", "SHORT=N needs"),
    ("bind:SHORT=4", "SHORT applies to data calls"),
    ("send:EAGAIN:p=101", "p=N needs a percentage"),
    ("connect/passive:EINTR", "inapplicable qualifier 'passive'"),
    ("send/inet/inet6:EPIPE", "exclude each other"),
    ("send/client/client:EPIPE", "given twice"),
    ("listen:SYNC", "SYNC applies to connect only"),
    ("socket:EAI_FAIL", "EAI_ codes apply to getaddrinfo only"),
    ("getaddrinfo:DELAY=70000", "DELAY=MS needs"),
    ("send:EPIPE:when=3", "unknown option"),
    ("", "no rule given"),
])
def test_malformed_rules_are_refused_with_the_reason(rule, why):
    assert why in faults.check(rule)


def test_groups_are_numbered_as_the_shim_numbers_them():
    assert faults.groups("a:E b:E;c:E;;d:E,e:E") == {0: ["a:E", "b:E"], 1: ["c:E"],
                                                     3: ["d:E", "e:E"]}


# ---------------------------------------------------------------- the faults: key

def write_case(tmp_path, head, body="assert 1\n"):
    path = tmp_path / "0999-fault-case.tcl"
    path.write_text("# ---\n# id: 0999\n# title: t\n# clauses: [args.wrong-count]\n"
                    + "".join(f"# {line}\n" for line in head) + "# ---\n" + body)
    return path


@needs_grammar
def test_declared_faults_are_kept_with_their_lines(tmp_path):
    path = write_case(tmp_path, ["requires: [fault-shim]", "includes: [faults.tcl]",
                                 'faults: [send/client:SHORT=7, "accept4:EMFILE accept:EMFILE"]'])
    case = casefile.parse(path, spec.load())
    assert case.faults == [("send/client:SHORT=7", 7), ("accept4:EMFILE accept:EMFILE", 7)]


@needs_grammar
@pytest.mark.parametrize("head, body, line, what", [
    (["requires: [fault-shim]", "faults: [send/client:SHORT=7, recv/clinet:SHORT=1]"], "",
     6, "malformed fault rule recv/clinet:SHORT=1: unknown qualifier 'clinet' for recv"),
    (["requires: [fault-shim]", 'faults: ["a:EINVAL; b:EINVAL"]'], "", 6, "without ';'"),
    (["faults: [send:SHORT=1]"], "", 5, "must require fault-shim"),
    (["requires: [fault-shim]", "faults: [send:SHORT=1, send:SHORT=1]"], "", 6, "listed twice"),
    (["requires: [fault-shim]", "includes: [faults.tcl]"],
     "set x 1\nwith_fault acept:EMFILE {\n    set y 2\n}\n", 9,
     "malformed fault rule acept:EMFILE: unknown call 'acept'"),
    (["requires: [fault-shim]", "includes: [faults.tcl]"],
     'with_fault "accept4:EMFILE accept:EMFLIE" {\n}\n', 8, "unknown action 'EMFLIE'"),
    (["requires: [fault-shim]"], "set ::env(SOCKCONF_FAULT_FAIL) {bind:SHRT=1}\n", 7,
     "unknown action 'SHRT'"),
])
def test_a_malformed_rule_fails_collection_at_its_line(tmp_path, head, body, line, what):
    path = write_case(tmp_path, head, body)
    with pytest.raises(MetadataError) as err:
        casefile.parse(path, spec.load())
    assert err.value.line == line, str(err.value)
    assert what in err.value.message


@needs_grammar
def test_rules_with_substitutions_and_comments_are_left_to_the_run(tmp_path):
    path = write_case(tmp_path, ["requires: [fault-shim]", "includes: [faults.tcl]"],
                      "# with_fault for the shim\nwith_fault accept4:$errno {\n}\n"
                      "with_fault [list a b] {\n}\n")
    assert casefile.parse(path, spec.load()).faults == []


# ---------------------------------------------------------------- judging the channel

def channel(*recs):
    return b"".join(json.dumps(r).encode() + b"\n" for r in recs)


ARMED = {"t": "armed", "pid": "7", "var": "RULES", "seq": "1", "value": "send:SHORT=1;recv:EAGAIN"}


def test_a_declared_group_that_fired_is_proven():
    fired = {"t": "fired", "pid": "7", "var": "RULES", "seq": "1", "group": "0",
             "rule": "send:SHORT=1", "call": "send", "role": "client", "fd": "5"}
    counts = {"t": "count", "pid": "7", "var": "RULES", "seq": "1", "group": "0",
              "rule": "send:SHORT=1", "call": "send", "role": "client", "matched": "9",
              "injected": "4"}
    problem, summary = faults.judge([("send:SHORT=1", 6)], channel(ARMED, fired, counts), "7")
    assert problem == ""
    assert summary == [{"var": "declared", "rule": "send:SHORT=1", "call": "send",
                        "role": "client", "matched": "9", "injected": "4"}]


def test_a_declared_group_that_never_fired_is_named_with_its_line():
    counts = {"t": "count", "pid": "7", "var": "RULES", "seq": "1", "group": "1",
              "rule": "recv:EAGAIN", "call": "recv", "role": "accepted", "matched": "12",
              "injected": "0"}
    fired = {"t": "fired", "pid": "7", "var": "RULES", "seq": "1", "group": "0",
             "rule": "send:SHORT=1", "call": "send", "role": "client", "fd": "5"}
    problem, _ = faults.judge([("send:SHORT=1", 6), ("recv:EAGAIN", 6)],
                              channel(ARMED, fired, counts), "7")
    assert problem == ("declared fault never fired: recv:EAGAIN (faults:, line 6); recv:EAGAIN "
                       "matched 12 recv calls (accepted), altering none")


def test_no_report_at_all_is_never_fired():
    problem, _ = faults.judge([("send:SHORT=1", 6)], b"", "7")
    assert problem.startswith("declared fault never fired: send:SHORT=1")
    assert problem.endswith("it matched no call")


def test_rules_armed_by_the_case_must_fire_but_not_those_a_child_inherited():
    announced = {"t": "armed", "pid": "7", "var": "FAIL", "seq": "", "by": "with_fault",
                 "value": "accept:EMFILE", "line": "21"}
    child = {"t": "armed", "pid": "9", "var": "FAIL", "seq": "1", "value": "poll:EINTR"}
    problem, _ = faults.judge([], channel(announced, child), "7")
    assert problem == "fault armed at line 21 never fired: accept:EMFILE; it matched no call"
    seen = {"t": "armed", "pid": "7", "var": "FAIL", "seq": "3", "value": "accept:EMFILE"}
    fired = {"t": "fired", "pid": "7", "var": "FAIL", "seq": "3", "group": "0",
             "rule": "accept:EMFILE", "call": "accept", "role": "listener", "fd": "4"}
    assert faults.judge([], channel(announced, child, seen, fired), "7")[0] == ""


def test_a_malformed_rule_in_the_environment_is_a_problem():
    bad = {"t": "bad", "pid": "7", "var": "FAIL", "seq": "1", "rule": "acept:X",
           "why": "acept:X: unknown call 'acept'"}
    problem, _ = faults.judge([], channel(bad), "7")
    assert problem == "malformed fault rule acept:X: unknown call 'acept'"


@pytest.mark.parametrize("data", [b"not json\n", b'{"t": "forged", "pid": "1"}\n',
                                  b'{"t": "fired", "pid": 1}\n'])
def test_a_line_that_is_not_the_shims_makes_the_channel_unusable(data):
    problem, _ = faults.judge([("send:SHORT=1", 6)], data, "7")
    assert problem.startswith("unusable line on the fault channel, line 1")


def test_a_last_line_cut_short_is_dropped():
    assert faults.read_channel(channel(ARMED) + b'{"t": "fi').lines == [ARMED]


# ---------------------------------------------------------------- the shim on real sockets

SHIM_SCRIPT = textwrap.dedent("""
    import json, os, signal, socket, sys
    srv = socket.socket(); srv.bind(("127.0.0.1", 0)); srv.listen(4)
    c = socket.create_connection(srv.getsockname()); a, _ = srv.accept()
    out = {}
    r, w = os.pipe()
    out["pipe"] = os.write(w, b"x" * 100)
    with open(sys.argv[2], "wb") as f:
        f.write(b"y" * 100)
    out["file"] = os.path.getsize(sys.argv[2])
    out["client"] = c.send(b"z" * 100)
    out["accepted"] = a.send(b"z" * 100)
    out["recv"] = len(a.recv(1000))
    exec(sys.argv[1])
    print(json.dumps(out))
""")


def shim(rules="", extra="", env=None, tmp_path=None, check=True):
    """Run SHIM_SCRIPT (plus EXTRA) under the shim with SOCKCONF_FAULT_RULES; returns
    (its JSON output, the fault channel's lines, the process)."""
    chan = tmp_path / "fault.jsonl"
    chan.write_bytes(b"")
    full = {**os.environ, "LD_PRELOAD": str(profiles.SHIM), "SOCKCONF_FAULT_RULES": rules,
            "SOCKCONF_FAULT_FD": str(chan), **(env or {})}
    full.pop("SOCKCONF_FAULT_FAIL", None)
    proc = subprocess.run([sys.executable, "-c", SHIM_SCRIPT, extra, str(tmp_path / "f")],
                          env=full, capture_output=True, text=True, timeout=30)
    if check:
        assert proc.returncode == 0, proc.stderr
    lines = [json.loads(x) for x in chan.read_text().splitlines()]
    return (json.loads(proc.stdout) if proc.returncode == 0 else None), lines, proc


@needs_shim
def test_short_writes_touch_sockets_only(tmp_path):
    got, lines, _ = shim("write:SHORT=1 output/client:SHORT=3", tmp_path=tmp_path)
    assert got["pipe"] == 100 and got["file"] == 100, "files and pipes are never altered"
    assert got["client"] == 3 and got["accepted"] == 100, "the role decides"
    fired = [x for x in lines if x["t"] == "fired"]
    assert [(x["rule"], x["call"], x["role"]) for x in fired] == [
        ("output/client:SHORT=3", "send", "client")]
    count = next(x for x in lines if x["t"] == "count" and x["rule"] == "output/client:SHORT=3")
    assert (count["matched"], count["injected"]) == ("1", "1")


@needs_shim
def test_without_rules_nothing_changes_and_nothing_is_reported(tmp_path):
    got, lines, _ = shim("", tmp_path=tmp_path)
    assert got == {"pipe": 100, "file": 100, "client": 100, "accepted": 100, "recv": 100}
    assert lines == []


@needs_shim
def test_bytes_cut_the_crossing_call_and_a_reset_stays(tmp_path):
    extra = textwrap.dedent("""
        c.sendall(b'w' * 500)
        out['after'] = []
        for _ in range(3):
            try:
                out['after'].append(len(a.recv(1000)))
            except ConnectionResetError:
                out['after'].append('ECONNRESET')
        try:
            a.send(b'x', socket.MSG_NOSIGNAL)
            out['write'] = 'sent'
        except BrokenPipeError:
            out['write'] = 'EPIPE'
    """)
    got, _, _ = shim("input/accepted:ECONNRESET:bytes=300", extra, tmp_path=tmp_path)
    # 100 bytes were read before; the next read stops at byte 300, then the reset, then end of
    # file for good, and writes fail as on a reset connection
    assert got["recv"] == 100
    assert got["after"] == [200, "ECONNRESET", 0]
    assert got["write"] == "EPIPE"


@needs_shim
def test_epipe_raises_sigpipe_unless_msg_nosignal(tmp_path):
    extra = "signal.signal(signal.SIGPIPE, signal.SIG_DFL)\nc.send(b'a' * 10, {flag})\n"
    _, _, proc = shim("output/client:EPIPE:skip=1", extra.format(flag=0), tmp_path=tmp_path,
                      check=False)
    assert proc.returncode == -signal.SIGPIPE
    got, _, _ = shim("output/client:EPIPE:skip=1",
                     "try:\n" + textwrap.indent(extra.format(flag="socket.MSG_NOSIGNAL"), "    ")
                     + "except BrokenPipeError:\n    out['epipe'] = 1\n", tmp_path=tmp_path)
    assert got["epipe"] == 1


@needs_shim
def test_eagain_applies_only_to_non_blocking_descriptors(tmp_path):
    extra = ("a.setblocking(False); c.send(b'k' * 10)\n"
             "try:\n    a.recv(10); out['nb'] = 'data'\n"
             "except BlockingIOError:\n    out['nb'] = 'EAGAIN'\n")
    got, _, _ = shim("input/accepted:EAGAIN", extra, tmp_path=tmp_path)
    assert got["recv"] == 100, "the blocking recv is left alone"
    assert got["nb"] == "EAGAIN"


@needs_shim
def test_a_seed_repeats_its_draws_and_another_seed_differs(tmp_path):
    extra = "out['sent'] = [c.send(b'v' * 64) for _ in range(40)]\n"
    runs = [shim("output/client:SHORT=1:p=50", extra, env={"SOCKCONF_FAULT_SEED": seed},
                 tmp_path=tmp_path)[0]["sent"] for seed in ("1", "1", "2")]
    assert runs[0] == runs[1]
    assert runs[0] != runs[2]
    assert 5 < runs[0].count(1) < 35


@needs_shim
def test_armed_lines_name_every_value_and_bad_rules_are_reported(tmp_path):
    # Python makes a send interrupted by EINTR again by itself (PEP 475): the second goes out
    extra = ("os.environ['SOCKCONF_FAULT_FAIL'] = 'send:EINTR:1 acept:EMFILE'\n"
             "out['sent'] = c.send(b'1')\n")
    got, lines, _ = shim("", extra, tmp_path=tmp_path)
    assert got["sent"] == 1
    counts = [x for x in lines if x["t"] == "count" and x["rule"] == "send:EINTR:1"]
    assert [(x["matched"], x["injected"]) for x in counts] == [("2", "1")]
    kinds = [(x["t"], x.get("var")) for x in lines]
    assert ("armed", "FAIL") in kinds and ("bad", "FAIL") in kinds
    bad = next(x for x in lines if x["t"] == "bad")
    assert bad["rule"] == "acept:EMFILE" and "unknown call" in bad["why"]
    assert all(len(json.dumps(x)) < 4096 for x in lines)


@needs_shim
@pytest.mark.parametrize("personality, v6only", [("", 0), ("bsd", 1), ("windows", 1)])
def test_personalities_turn_ipv6_only_on(tmp_path, personality, v6only):
    extra = ("s6 = socket.socket(socket.AF_INET6)\n"
             "out['v6only'] = s6.getsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY)\n")
    got, lines, _ = shim("", extra, env={"SOCKCONF_FAULT_PERSONALITY": personality},
                         tmp_path=tmp_path)
    assert got["v6only"] == v6only
    assert [x["what"] for x in lines if x["t"] == "emulated"] == (["v6only-default"] if v6only
                                                                else [])


@needs_shim
@pytest.mark.parametrize("personality, second", [("", 0), ("bsd", errno.EINVAL)])
def test_bsd_refuses_a_second_connect_after_a_failed_one(tmp_path, personality, second):
    extra = ("dead = socket.socket(); dead.bind(('127.0.0.1', 0)); port = dead.getsockname()[1]\n"
             "dead.close()\ns = socket.socket()\n"
             "out['first'] = s.connect_ex(('127.0.0.1', port))\n"
             "out['second'] = s.connect_ex(srv.getsockname())\n")
    got, _, _ = shim("", extra, env={"SOCKCONF_FAULT_PERSONALITY": personality},
                     tmp_path=tmp_path)
    assert got["first"] == errno.ECONNREFUSED
    assert got["second"] == second


@needs_shim
@pytest.mark.parametrize("personality, shared", [("", False), ("windows", True)])
def test_windows_reuseaddr_lets_a_second_listener_bind(tmp_path, personality, shared):
    extra = textwrap.dedent("""
        l1 = socket.socket()
        l1.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        l1.bind(('127.0.0.1', 0))
        l1.listen(1)
        l2 = socket.socket()
        l2.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            l2.bind(l1.getsockname())
            out['shared'] = True
        except OSError:
            out['shared'] = False
    """)
    got, _, _ = shim("", extra, env={"SOCKCONF_FAULT_PERSONALITY": personality},
                     tmp_path=tmp_path)
    assert got["shared"] is shared


# ---------------------------------------------------------------- opt-in profiles

def test_opt_in_profiles_admit_only_the_cases_that_ask(tmp_path):
    plain = casefile.Case(path=tmp_path / "0001-x.tcl", id="0001", slug="x", title="t",
                          clauses=["args.wrong-count"], requires=["ipv4"])
    busy = casefile.Case(path=tmp_path / "0002-y.tcl", id="0002", slug="y", title="t",
                         clauses=["args.wrong-count"], requires=["busy-host"])
    named = casefile.Case(path=tmp_path / "0003-z.tcl", id="0003", slug="z", title="t",
                          clauses=["args.wrong-count"], profiles=["dual", "windows"])
    personal = casefile.Case(path=tmp_path / "0004-w.tcl", id="0004", slug="w", title="t",
                             clauses=["args.wrong-count"], requires=["personality"])
    reg = profiles.REGISTRY
    assert reg["busy"].excludes(plain) == ("profile busy runs only the cases that require "
                                          "busy-host")
    assert reg["busy"].excludes(busy) == ""
    assert reg["windows"].excludes(named) == "" and reg["bsd"].excludes(named) != ""
    assert reg["bsd"].excludes(personal) == reg["windows"].excludes(personal) == ""
    assert reg["busy"].excludes(personal) != ""
    for name in ("host", "dual", "v4only", "names"):
        assert reg[name].excludes(plain) == reg[name].excludes(busy) == ""


# ---------------------------------------------------------------- end to end

@needs_grammar
def test_a_malformed_declared_rule_stops_the_run_at_file_and_line(suite):
    path = suite.add("0101", "typo", "assert 1\n", requires=("fault-shim",))
    text = path.read_text().replace("# ---\nassert", "# faults: [acept:EMFILE]\n# ---\nassert")
    path.write_text(text)
    out = suite.run("--target", "tclsh8.6")
    assert out.returncode == 2, out.stdout + out.stderr
    assert f"{path}:7: malformed fault rule acept:EMFILE: unknown call 'acept'" in out.stderr


@needs_shim
def test_a_fault_that_fires_passes_and_one_that_never_fires_is_an_error(suite, monkeypatch):
    body = """
        set srv [socket -server {apply {{c a p} {set ::acc $c}}} -myaddr 127.0.0.1 0]
        set port [lindex [chan configure $srv -sockname] 2]
        set c [socket 127.0.0.1 $port]
        wait_for ::acc 5000
        puts -nonewline $c [string repeat x 5000]
        flush $c
        assert_equal 5000 [string length [read $::acc 5000]] "all of it arrives"
    """
    # tclsh 8.6.13 never calls accept4(): 0102's rule cannot fire
    for cid, rule in (("0101", "output/client:SHORT=10"), ("0102", "accept4:EMFILE"),
                      ("0103", "input/client:SHORT=10")):
        path = suite.add(cid, "fault", body, requires=("fault-shim",))
        path.write_text(path.read_text().replace("# ---\n\nset", f"# faults: [{rule}]\n# ---\n\nset")
                        .replace("# ---\nset", f"# faults: [{rule}]\n# ---\nset"))
    # the host profile has no shim of its own: preload it for the interpreters
    monkeypatch.setenv("LD_PRELOAD", str(profiles.SHIM))
    out = suite.run("--target", "tclsh8.6")
    recs = suite.by_case()
    assert recs["0101"]["verdict"] == "pass", recs["0101"]["message"]
    assert recs["0101"]["faults"][0]["rule"] == "output/client:SHORT=10"
    assert int(recs["0101"]["faults"][0]["injected"]) >= 400
    assert recs["0102"]["verdict"] == "error"
    assert recs["0102"]["message"] == ("declared fault never fired: accept4:EMFILE "
                                       "(faults:, line 7); it matched no call")
    assert recs["0103"]["verdict"] == "error"
    assert "input/client:SHORT=10" in recs["0103"]["message"]
    assert out.returncode == 1
