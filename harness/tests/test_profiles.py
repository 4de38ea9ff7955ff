"""Network-namespace profiles: made and removed, stale ones reaped, unavailable without root,
the fault shim, parallel runs giving the same verdicts, nothing left after Ctrl-C.

Tests that make namespaces need root and `ip` and are skipped (with the reason) otherwise.
Every test is bounded in time; traffic stays on loopback inside the namespaces made here.
"""

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import pytest
from conftest import ROOT, case_text, copy_checkout, processes_with_env
from sockconf import launch, netns, profiles

NS_REASON = netns.unavailable_reason()
needs_netns = pytest.mark.skipif(bool(NS_REASON), reason=NS_REASON or "namespaces available")
needs_shim = pytest.mark.skipif(not profiles.SHIM.is_file(), reason=profiles.SHIM_MISSING)
NETNS_PROFILES = [n for n in profiles.REGISTRY if n != "host"]
SELFTEST_CLAUSE = "client.connect.returns-channel"


def ns_list():
    out = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True, timeout=10)
    return {line.split()[0] for line in out.stdout.splitlines() if line.strip()}


def dead_pid():
    """A pid that no process has now."""
    p = subprocess.Popen(["true"])
    p.wait()
    pid = p.pid
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return pid
    pytest.skip("pid of a finished process was reused at once")


def write_case(folder, case_id, slug, body, requires=(), timeout=5):
    path = folder / "client" / f"{case_id}-{slug}.tcl"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(case_text(case_id, body.strip() + "\n", clauses=(SELFTEST_CLAUSE,),
                              requires=requires, timeout=timeout, title=f"self-test {slug}"),
                    encoding="utf-8")
    return path


def run_cli(args, env=None, timeout=300):
    return subprocess.run([str(ROOT / "sockconf"), "run", *args], capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL,
                          env={**os.environ, **(env or {})})


def run_cli_tracked(args, timeout=300):
    """run_cli, also returning the pids of every process of the run (found by an environment
    marker while it runs), so that what it left can be told from what other runs own."""
    marker = "sockconf-selftest-" + uuid.uuid4().hex
    proc = subprocess.Popen([str(ROOT / "sockconf"), "run", *args], stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "SOCKCONF_SELFTEST_MARK": marker})
    makers = set()
    stop = threading.Event()

    def poll():
        while not stop.is_set():
            makers.update(processes_with_env(marker))
            stop.wait(0.05)

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    try:
        output, _ = proc.communicate(timeout=timeout)
    finally:
        stop.set()
        poller.join()
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return proc.returncode, output, makers, marker


def left_by(makers):
    """Namespaces and /etc/netns folders that processes MAKERS made and that still exist."""
    names = set(ns_list())
    if netns.ETC_NETNS.is_dir():
        names |= {p.name for p in netns.ETC_NETNS.iterdir()}
    return {n for n in names if (m := netns.NAME_RE.match(n)) and int(m.group(1)) in makers}


def verdicts(out_dir):
    doc = json.loads((Path(out_dir) / "results.json").read_text(encoding="utf-8"))
    return {(r["case"], r["target"], r["profile"]): r["verdict"] for r in doc["results"]}, doc


# ---------------------------------------------------------------- without root


def test_unavailable_without_root(monkeypatch):
    monkeypatch.setattr(netns, "euid", lambda: 1000)
    assert profiles.REGISTRY["host"].available() == (True, "")
    for name in NETNS_PROFILES:
        ok, reason = profiles.REGISTRY[name].available()
        assert not ok, name
        assert reason == "network namespaces need root (running as uid 1000)", (name, reason)


def test_unavailable_without_ip(monkeypatch):
    monkeypatch.setattr(netns, "euid", lambda: 0)
    monkeypatch.setattr(netns.shutil, "which", lambda prog: None)
    for name in NETNS_PROFILES:
        assert profiles.REGISTRY[name].available() == (False, "`ip` (iproute2) not found on PATH")


def test_missing_shim_is_a_set_up_error_of_namespace_profiles(monkeypatch, tmp_path):
    monkeypatch.setattr(netns, "unavailable_reason", lambda: "")
    monkeypatch.setattr(profiles, "SHIM", tmp_path / "libsockconf-fault.so")
    for name in NETNS_PROFILES:
        # root and ip are there: a missing shim (preloaded in every namespace profile,
        # capability fault-shim) is the harness's set-up error, not a skip
        assert profiles.REGISTRY[name].available() == (True, "")
        assert profiles.REGISTRY[name].missing() == "harness/native not built (make native)"


def test_cli_without_ip_skips_namespace_profiles_and_runs_host(tmp_path):
    """End to end: a PATH without `ip` -> every namespace case is a skip naming the reason."""
    bindir = tmp_path / "bin"
    bindir.mkdir()
    for prog in ("tclsh8.6", "unshare", "sh", "mount", "dirname"):
        where = shutil.which(prog)
        if where is None:
            pytest.skip(f"{prog} not found")
        (bindir / prog).symlink_to(where)
    cases = tmp_path / "cases"
    write_case(cases, "0001", "trivial", "assert_equal 1 1")
    out = tmp_path / "out"
    proc = run_cli(["--cases", str(cases), "--out", str(out), "--profile", "host",
                    "--profile", "dual", "--profile", "v4only"],
                   env={"PATH": str(bindir)}, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    got, doc = verdicts(out)
    assert got[("0001", "tclsh8.6", "host")] == "pass"
    for prof in ("dual", "v4only"):
        assert got[("0001", "tclsh8.6", prof)] == "skip"
        rec = next(r for r in doc["results"] if r["profile"] == prof)
        assert rec["message"] == f"profile {prof} unavailable: `ip` (iproute2) not found on PATH"


@needs_shim
def test_shim_denies_only_the_configured_family():
    code = ("import socket, sys\n"
            "for fam in (socket.AF_INET, socket.AF_INET6):\n"
            "    try:\n"
            "        socket.socket(fam).close(); print('ok')\n"
            "    except OSError as e:\n"
            "        print(e.errno)\n")
    def run(deny):
        env = {**os.environ, "LD_PRELOAD": str(profiles.SHIM)}
        env.pop("SOCKCONF_FAULT_DENY_FAMILY", None)
        if deny is not None:
            env["SOCKCONF_FAULT_DENY_FAMILY"] = deny
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                             text=True, timeout=30, check=True)
        return out.stdout.split()
    eaf = str(errno.EAFNOSUPPORT)
    assert run(None) == ["ok", "ok"]
    assert run("inet6") == ["ok", eaf]
    assert run("inet") == [eaf, "ok"]
    assert run("inet,inet6") == [eaf, eaf]
    assert run("unix bogus") == ["ok", "ok"]


# ---------------------------------------------------------------- with namespaces


@needs_netns
def test_namespace_made_and_removed():
    ns = netns.Namespace("selftest", "t" + uuid.uuid4().hex[:6])
    try:
        ns.create({"hosts": "127.0.0.1\tlocalhost\n"})
        assert ns.name in ns_list()
        assert (netns.ETC_NETNS / ns.name / "hosts").read_text() == "127.0.0.1\tlocalhost\n"
        out = ns.run(["ip", "-o", "addr", "show", "dev", "lo"]).stdout
        assert "127.0.0.1/8" in out and "::1/128" in out
        # the hosts file is what `ip netns exec` shows as /etc/hosts
        assert ns.run(["cat", "/etc/hosts"]).stdout == "127.0.0.1\tlocalhost\n"
    finally:
        ns.destroy()
    assert ns.name not in ns_list()
    assert not (netns.ETC_NETNS / ns.name).exists()
    ns.destroy()        # idempotent


EXPECTED_CAPS = {
    "dual": {"netns", "ipv4", "ipv6", "dual-stack"},
    "v4only": {"netns", "ipv4", "v4only-host"},
    "v6only": {"netns", "ipv6", "v6only-host"},
    "multihomed": {"netns", "multihomed", "dual-stack"},
    "names": {"netns", "names", "dual-stack"},
    "unreachable": {"netns", "unreachable", "dual-stack"},
    "busy": {"netns", "busy-host", "dual-stack"},
    "bsd": {"netns", "personality", "bsd-personality", "dual-stack"},
    "windows": {"netns", "personality", "windows-personality", "dual-stack"},
}
for _caps in EXPECTED_CAPS.values():      # what every namespace profile offers
    _caps |= {"pending-connect", "fault-shim", "hermetic-resolver"}
ABSENT_CAPS = {"v4only": {"ipv6", "dual-stack"}, "v6only": {"ipv4", "dual-stack"}}


@needs_netns
@pytest.mark.parametrize("name", NETNS_PROFILES)
def test_profile_starts_and_closes(name):
    prof = profiles.REGISTRY[name]
    ok, reason = prof.available()
    if not ok:
        pytest.skip(reason)
    ctx = prof.start("selftest")
    try:
        ns_name = ctx.namespace.name
        assert ns_name in ns_list()
        assert ns_name.startswith(f"sockconf-{os.getpid()}-selftest-")
        caps = ctx.capabilities
        assert EXPECTED_CAPS[name] <= caps, caps
        assert not (ABSENT_CAPS.get(name, set()) & caps), caps
        cmd = launch.Launch(["x"], context=ctx, timeout_s=1).command()
        assert cmd[-1] == "x" and cmd[cmd.index("--netns") + 1] == ns_name
    finally:
        ctx.close()
    assert ns_name not in ns_list()
    assert not (netns.ETC_NETNS / ns_name).exists()


@needs_netns
def test_stale_namespace_removed_on_start():
    stale = f"sockconf-{dead_pid()}-gw9-dual"
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    alive = f"sockconf-{sleeper.pid}-gw9-dual"
    try:
        for name in (stale, alive):
            subprocess.run(["ip", "netns", "add", name], check=True, timeout=10)
        (netns.ETC_NETNS / stale).mkdir(parents=True, exist_ok=True)
        (netns.ETC_NETNS / stale / "hosts").write_text("127.0.0.1 localhost\n")
        ctx = profiles.REGISTRY["dual"].start("selftest")
        ctx.close()
        now = ns_list()
        assert stale not in now, "the namespace of a dead run is removed on start"
        assert not (netns.ETC_NETNS / stale).exists()
        assert alive in now, "the namespace of a live run is left alone"
    finally:
        sleeper.kill()
        sleeper.wait()
        subprocess.run(["ip", "netns", "del", alive], timeout=10)
        subprocess.run(["ip", "netns", "del", stale], capture_output=True, timeout=10)
        shutil.rmtree(netns.ETC_NETNS / stale, ignore_errors=True)
        netns._tidy_etc_netns()


@needs_netns
@needs_shim
def test_v4only_denies_inet6_and_v6only_denies_inet():
    check = ("import errno, socket, sys\n"
             "fam = getattr(socket, sys.argv[1])\n"
             "try:\n"
             "    socket.socket(fam, socket.SOCK_STREAM).close(); print('created')\n"
             "except OSError as e:\n"
             "    print(errno.errorcode[e.errno])\n")
    for name, denied, allowed in (("v4only", "AF_INET6", "AF_INET"), ("v6only", "AF_INET", "AF_INET6")):
        ctx = profiles.REGISTRY[name].start("selftest")
        try:
            env = {**os.environ, **ctx.env}
            def inside(fam):
                return launch.run([sys.executable, "-c", check, fam], context=ctx, env=env,
                                  timeout_s=30).stdout.strip()
            assert inside(denied) == "EAFNOSUPPORT", name
            assert inside(allowed) == "created", name
            # and the interpreter under test sees the same
            tcl = ('puts [catch {socket -server {apply {args {}}} 0} s]\n'
                   'puts [chan configure $s -sockname]\n')
            out = launch.run(["sh", "-c", 'printf "%s" "$1" | tclsh8.6', "sh", tcl], context=ctx, env=env,
                             timeout_s=30).stdout.split("\n")
            assert out[0] == "0"
            addrs = out[1].split()[0::3]
            assert addrs and all((":" in a) == (name == "v6only") for a in addrs), out
        finally:
            ctx.close()


def _selection(out):
    return ["--profile", "dual", "--profile", "names", "--profile", "v4only", "--profile", "multihomed",
            "-k", "0101 or 0150 or 0350 or 0453 or 0550 or 0250", "--out", str(out)]


@needs_netns
@needs_shim
def test_jobs2_gives_the_same_verdicts_as_jobs1(tmp_path):
    rc1, out1, makers1, _ = run_cli_tracked(_selection(tmp_path / "j1"))
    rc2, out2, makers2, _ = run_cli_tracked(_selection(tmp_path / "j2") + ["--jobs", "2"])
    assert rc1 == 0, out1[-3000:]
    assert rc2 == 0, out2[-3000:]
    v1, _ = verdicts(tmp_path / "j1")
    v2, _ = verdicts(tmp_path / "j2")
    assert v1 == v2
    assert sum(1 for v in v1.values() if v == "pass") >= 8, v1
    assert left_by(makers1 | makers2) == set(), "no namespace left by either run"


LEAKY = """
# a helper in a new session: the runner's process-group kill does not reach it,
# only the removal of the namespace (which kills what is inside) does
exec setsid sleep 120 &
after 100
assert_equal 1 1
"""


@needs_netns
def test_failure_timeout_and_leaked_helper_leave_nothing(tmp_path):
    cases = tmp_path / "cases"
    write_case(cases, "0001", "fails", "assert_equal 1 2")
    write_case(cases, "0002", "hangs", "after 60000", timeout=2)
    write_case(cases, "0003", "leaks", LEAKY)
    rc, output, makers, marker = run_cli_tracked(
        ["--cases", str(cases), "--out", str(tmp_path / "out"), "--profile", "dual"], timeout=120)
    assert rc == 1, output
    got, _ = verdicts(tmp_path / "out")
    assert got[("0001", "tclsh8.6", "dual")] == "fail"
    assert got[("0002", "tclsh8.6", "dual")] == "timeout"
    assert got[("0003", "tclsh8.6", "dual")] == "pass"
    deadline = time.monotonic() + 5
    while processes_with_env(marker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert processes_with_env(marker) == [], "no process of the run is left"
    assert makers and left_by(makers) == set()


@needs_netns
@needs_shim
def test_ctrl_c_mid_run_leaves_nothing(tmp_path):
    marker = "sockconf-selftest-" + uuid.uuid4().hex
    cases = tmp_path / "cases"
    for i in range(1, 9):
        write_case(cases, f"{i:04d}", f"slow{i}", "after 1500\nassert_equal 1 1", timeout=10)
    write_case(cases, "0009", "leaks", LEAKY)
    before_ns = ns_list()
    proc = subprocess.Popen([str(ROOT / "sockconf"), "run", "--cases", str(cases), "--out",
                             str(tmp_path / "out"), "--profile", "dual", "--profile", "v4only",
                             "--profile", "unreachable", "--jobs", "2"],
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            env={**os.environ, "SOCKCONF_SELFTEST_MARK": marker},
                            start_new_session=True)
    makers, seen = set(), set()
    try:
        # wait until both workers have namespaces and cases are running
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            pids = set(processes_with_env(marker))
            makers |= pids
            seen |= {n for n in ns_list() - before_ns
                     if (m := netns.NAME_RE.match(n)) and int(m.group(1)) in makers}
            if len({n.split("-")[2] for n in seen}) >= 2 and len(seen) >= 4:
                break
            time.sleep(0.1)
        assert seen, "the run made namespaces"
        time.sleep(0.5)
        os.killpg(proc.pid, signal.SIGINT)       # Ctrl-C: SIGINT to the whole process group
        output, _ = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    deadline = time.monotonic() + 10
    while processes_with_env(marker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert processes_with_env(marker) == [], "no process of the run is left"
    now = ns_list()
    left = {n for n in now if (m := netns.NAME_RE.match(n)) and int(m.group(1)) in makers}
    assert left == set(), f"namespaces left after Ctrl-C: {left}\n{output.decode(errors='replace')[-2000:]}"
    assert not any((netns.ETC_NETNS / n).exists() for n in seen)


@needs_netns
def test_namespaces_and_folders_of_a_killed_run_are_reaped_by_the_next(tmp_path):
    """SIGKILL leaves the namespaces and temporary folders (no handler runs); the next
    run - a host-only one - removes them at its start."""
    marker = "sockconf-selftest-" + uuid.uuid4().hex
    cases = tmp_path / "cases"
    write_case(cases, "0001", "slow", "after 20000", timeout=30)
    before = ns_list()
    proc = subprocess.Popen([str(ROOT / "sockconf"), "run", "--cases", str(cases), "--out",
                             str(tmp_path / "out"), "--profile", "dual"],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True,
                            # no handler runs on SIGKILL: what the run keeps in TMPDIR stays here
                            env={**os.environ, "SOCKCONF_SELFTEST_MARK": marker,
                                 "TMPDIR": str(tmp_path)})
    makers, made = set(), set()
    try:
        deadline = time.monotonic() + 30
        while not made and time.monotonic() < deadline:
            makers |= set(processes_with_env(marker))
            made = {n for n in ns_list() - before
                    if (m := netns.NAME_RE.match(n)) and int(m.group(1)) in makers}
            time.sleep(0.05)
        assert made, "the run made its namespace"
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    deadline = time.monotonic() + 10         # SIGKILL is delivered asynchronously
    while any(netns._pid_alive(int(netns.NAME_RE.match(n).group(1))) for n in made):
        assert time.monotonic() < deadline, "the killed run's pytest process is gone"
        time.sleep(0.05)
    left = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("sockconf-"))
    assert left, "the killed run left its folders (no handler runs on SIGKILL)"
    # the case interpreter runs in its own session: it is inside the namespace, and goes with it
    again = subprocess.run([str(ROOT / "sockconf"), "run", "--cases", str(cases), "--out",
                            str(tmp_path / "out2"), "--profile", "host", "--timeout-scale", "0.001"],
                           capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
                           env={**os.environ, "TMPDIR": str(tmp_path)})
    assert "Traceback" not in again.stderr, again.stderr
    assert not (made & ns_list()), "namespaces of the killed run are removed on the next start"
    assert not [p for p in tmp_path.iterdir() if p.name in left], "its folders too"
    assert not any((netns.ETC_NETNS / n).exists() for n in made)
    deadline = time.monotonic() + 5
    while processes_with_env(marker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert processes_with_env(marker) == [], "the killed run's case interpreter went with its namespace"


@pytest.mark.skipif(os.geteuid() != 0 or shutil.which("setpriv") is None,
                    reason="needs root and setpriv to drop to another uid")
def test_cli_as_non_root_skips_namespace_profiles_and_runs_host():
    """A real non-root run (setpriv to uid 65534): namespace profiles skip with the reason."""
    nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    folder = Path(tempfile.mkdtemp(prefix="sockconf-nonroot-"))
    try:
        folder.chmod(0o777)
        # a copy of what a run reads, readable by uid 65534 wherever the checkout is (CI clones
        # into a private folder)
        tree = copy_checkout(folder / "tree")
        for p in [tree, *tree.rglob("*")]:
            if not p.is_symlink():
                p.chmod(0o755 if p.is_dir() or os.access(p, os.X_OK) else 0o644)
        cases = folder / "cases"
        write_case(cases, "0001", "trivial", "assert_equal 1 1")
        for p in [cases, *cases.rglob("*")]:
            p.chmod(0o755 if p.is_dir() else 0o644)
        out = folder / "out"
        proc = subprocess.run([*nobody, str(tree / "sockconf"), "run", "--cases", str(cases), "--out", str(out),
                               "--profile", "host", "--profile", "dual", "--profile", "unreachable"],
                              capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
                              cwd=folder, env={**os.environ, "HOME": str(folder)})
        assert proc.returncode == 0, proc.stdout + proc.stderr
        got, doc = verdicts(out)
        assert got[("0001", "tclsh8.6", "host")] == "pass"
        for prof in ("dual", "unreachable"):
            assert got[("0001", "tclsh8.6", prof)] == "skip"
            rec = next(r for r in doc["results"] if r["profile"] == prof)
            assert rec["message"] == (f"profile {prof} unavailable: network namespaces need root "
                                      f"(running as uid 65534)")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@needs_netns
def test_a_checkout_path_with_spaces_runs_the_fault_shim_and_refsock(tmp_path):
    """A copy of what a run reads, under a folder whose name has spaces:
    the fault shim of the namespace profiles (LD_PRELOAD is split at spaces and colons),
    refsock's setup and the ASan wrapper still work, and every case passes."""
    tree = copy_checkout(tmp_path / "my checkout with spaces" / "sockconf", builds=("ref", "asan"),
                         extra_files=("tclsh-asan", "lsan.supp"))
    out = tmp_path / "out"
    proc = subprocess.run([str(tree / "sockconf"), "run", "--target", "ref", "--target", "ref-asan",
                           "--target", "tclsh8.6", "--profile", "dual", "--profile", "v4only",
                           "-k", "0950 or 0951 or 0301 or 0101", "--out", str(out)],
                          capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr
    got, doc = verdicts(out)
    ran = {k for k, v in got.items() if v != "skip"}
    assert {("0950", "ref", "dual"), ("0950", "ref-asan", "v4only"), ("0951", "tclsh8.6", "dual")} <= ran, got
    assert all(v in ("pass", "skip", "xfail") for v in got.values()), got
