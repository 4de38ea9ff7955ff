"""Linux network namespaces for sockconf's host profiles.

A Namespace is made with `ip netns add`, named

    sockconf-<pid>-<worker>-<profile>

(pid of the pytest process that made it, the xdist worker id, the profile), so
every worker of every run has its own and a leftover one can be traced to its
maker. Its files (hosts, nsswitch.conf, gai.conf) live in /etc/netns/<name>/,
which `ip netns exec` bind-mounts over /etc/ for the commands it starts.
Nothing ever leaves the namespace: it has only `lo` and, where a profile asks,
routes of type unreachable (which send no packet) and nftables rules local to
it. The host's (root namespace's) network, sysctls and /etc/hosts are never
touched.

Clean-up is guaranteed in layers:
  * Namespace.destroy() (called by the profile context's close(), which the
    pytest plugin calls at unconfigure, also after a failure or KeyboardInterrupt);
  * an atexit handler destroying every namespace this process made and has not
    destroyed yet (registered *before* `ip netns add`, so a Ctrl-C in the
    middle of creation is covered);
  * SIGTERM/SIGHUP handlers (installed only where the disposition is the
    default) that clean up and then die of the same signal;
  * reap_stale() at every creation: a namespace (or /etc/netns folder) named
    sockconf-<pid>-... whose pid is no longer a live Python process (a run
    killed with SIGKILL) is removed.
Creation, destruction and reaping hold an exclusive flock on LOCK_PATH, so
xdist workers never race on /etc/netns or on one stale namespace.
SOCKCONF_NETNS_DEBUG=1 in the environment logs every removal on stderr.
"""

import atexit
import fcntl
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

PREFIX = "sockconf-"
NAME_RE = re.compile(r"^sockconf-(\d+)-([A-Za-z0-9_]+)-([A-Za-z0-9_]+)$")
RUN_NETNS = Path("/run/netns")
ETC_NETNS = Path("/etc/netns")
MARKER = ".sockconf-made-this-folder"     # /etc/netns did not exist before sockconf made it
LOCK_PATH = Path("/run/lock/sockconf-netns.lock") if Path("/run/lock").is_dir() \
    else Path("/tmp/sockconf-netns.lock")
CMD_TIMEOUT_S = 20

_live = {}                  # name -> Namespace, made by this process and not destroyed yet
_live_guard = threading.RLock()
_handlers_installed = False


class NetnsError(RuntimeError):
    """A namespace could not be set up (the message names the failing command)."""


def euid():
    """The effective uid (a function so tests can pretend not to be root)."""
    return os.geteuid()


def unavailable_reason():
    """"" when namespaces can be made here, else why not."""
    if not hasattr(os, "geteuid") or not Path("/proc/self/ns/net").exists():
        return "network namespaces need Linux"
    if euid() != 0:
        return f"network namespaces need root (running as uid {euid()})"
    if shutil.which("ip") is None:
        return "`ip` (iproute2) not found on PATH"
    return ""


def _run(argv, input=None, check=True, timeout=CMD_TIMEOUT_S):
    try:
        out = subprocess.run(argv, input=input, capture_output=True, text=True, timeout=timeout,
                             stdin=None if input is not None else subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise NetnsError(f"`{' '.join(argv)}` did not finish within {timeout}s") from None
    except FileNotFoundError:
        raise NetnsError(f"`{argv[0]}` not found") from None
    if check and out.returncode != 0:
        raise NetnsError(f"`{' '.join(argv)}` failed (status {out.returncode}): "
                         f"{(out.stderr or out.stdout).strip()}")
    return out


_lock_depth = 0             # re-entrant within this process (a signal handler may clean up
                            # while the code it interrupted holds the lock)


@contextmanager
def _locked():
    """Exclusive lock shared by every sockconf process on this machine."""
    global _lock_depth
    if _lock_depth:
        _lock_depth += 1
        try:
            yield
        finally:
            _lock_depth -= 1
        return
    fd = os.open(str(LOCK_PATH), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        _lock_depth = 1
        yield
    finally:
        _lock_depth = 0
        os.close(fd)        # releases the lock


def ours():
    """Names of every sockconf namespace on the machine (any run)."""
    try:
        names = [p.name for p in RUN_NETNS.iterdir()]
    except OSError:
        names = []
    return sorted(n for n in names if n.startswith(PREFIX))


def _pid_alive(pid):
    """True if PID is a live process that could be a sockconf (Python) run."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        if stat[stat.rindex(")") + 2:][:1] in ("Z", "X"):
            return False    # dead, not yet reaped by its parent
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (OSError, ValueError):
        return True         # cannot tell: leave it alone
    return b"python" in cmdline     # a reused pid of some other program does not keep it


def _kill_pids(name):
    """SIGKILL every process still inside namespace NAME (a helper a case left)."""
    out = _run(["ip", "netns", "pids", name], check=False)
    for word in out.stdout.split():
        if word.isdigit() and int(word) != os.getpid():
            try:
                os.kill(int(word), signal.SIGKILL)
            except OSError:
                pass


def _remove(name):
    """Remove namespace NAME and its /etc/netns folder; idempotent. Caller holds the lock."""
    if (RUN_NETNS / name).exists():
        _kill_pids(name)
        out = _run(["ip", "netns", "del", name], check=False)
        if out.returncode != 0:
            sys.stderr.write(f"sockconf: ip netns del {name}: {out.stderr.strip()}\n")
        try:
            (RUN_NETNS / name).unlink()     # left by an `ip netns add` cut short
        except OSError:
            pass
    shutil.rmtree(ETC_NETNS / name, ignore_errors=True)
    _tidy_etc_netns()


def _tidy_etc_netns():
    """Remove /etc/netns when sockconf made it and nothing else is in it. Caller holds the lock."""
    try:
        entries = sorted(p.name for p in ETC_NETNS.iterdir())
    except OSError:
        return
    if entries == [MARKER]:
        try:
            (ETC_NETNS / MARKER).unlink()
            ETC_NETNS.rmdir()
        except OSError:
            pass


def reap_stale():
    """Remove namespaces and /etc/netns folders of sockconf runs that are gone.

    Returns the names removed. Takes the lock."""
    removed = []
    with _locked():
        candidates = set(ours())
        try:
            candidates |= {p.name for p in ETC_NETNS.iterdir() if p.name.startswith(PREFIX)}
        except OSError:
            pass
        for name in sorted(candidates):
            m = NAME_RE.match(name)
            if m is None or name in _live:
                continue
            pid = int(m.group(1))
            if pid == os.getpid() or _pid_alive(pid):
                continue
            _remove(name)
            removed.append(name)
    return removed


def _cleanup_all():
    with _live_guard:
        victims = [ns for ns in _live.values() if ns.owner == os.getpid()]   # not in a fork
    for ns in victims:
        try:
            ns.destroy()
        except Exception:       # clean-up must go on with the others
            pass


def _on_signal(signum, frame):
    _cleanup_all()
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


def _install_handlers():
    global _handlers_installed
    if _handlers_installed:
        return
    _handlers_installed = True
    atexit.register(_cleanup_all)
    if threading.current_thread() is not threading.main_thread():
        return
    for sig in (signal.SIGTERM, signal.SIGHUP):
        try:
            if signal.getsignal(sig) == signal.SIG_DFL:
                signal.signal(sig, _on_signal)
        except (ValueError, OSError):
            pass


def _safe(word):
    return re.sub(r"[^A-Za-z0-9_]", "_", str(word)) or "x"


class Namespace:
    """One network namespace with lo up, plus optional files in /etc/netns/<name>/."""

    def __init__(self, profile, worker):
        self.owner = os.getpid()
        self.name = f"{PREFIX}{self.owner}-{_safe(worker)}-{_safe(profile)}"
        self.created = False

    # ---------------------------------------------------------------- life cycle

    def create(self, files=None):
        """Make the namespace (lo up) and write FILES {name: text} to /etc/netns/<name>/."""
        _install_handlers()
        reap_stale()
        with _live_guard:
            _live[self.name] = self          # before anything exists: a Ctrl-C now is covered
        with _locked():
            if (RUN_NETNS / self.name).exists():      # our own leftover (same pid, same worker)
                _remove(self.name)
            if files:
                if not ETC_NETNS.exists():
                    ETC_NETNS.mkdir(mode=0o755)
                    (ETC_NETNS / MARKER).write_text("made by sockconf; removed with its last namespace\n")
                folder = ETC_NETNS / self.name
                folder.mkdir(mode=0o755, exist_ok=True)
                for fname, text in files.items():
                    (folder / fname).write_text(text, encoding="utf-8")
            _run(["ip", "netns", "add", self.name])
            self.created = True
        self.ip("link", "set", "lo", "up")
        return self

    def destroy(self):
        """Remove the namespace, its processes and its /etc/netns folder (idempotent)."""
        if os.environ.get("SOCKCONF_NETNS_DEBUG"):
            sys.stderr.write(f"sockconf: destroy {self.name} in pid {os.getpid()}\n")
        with _live_guard:
            if _live.pop(self.name, None) is None and not self.created:
                return
        with _locked():
            _remove(self.name)
        self.created = False

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.destroy()

    # ---------------------------------------------------------------- inside it

    def prefix(self):
        """argv prefix running a command inside the namespace (with its /etc files)."""
        return ["ip", "netns", "exec", self.name]

    def etc_dir(self):
        """The folder whose files replace /etc's inside the namespace, or None."""
        folder = ETC_NETNS / self.name
        return folder if folder.is_dir() else None

    def ip(self, *args):
        return _run(["ip", "-n", self.name, *args])

    def run(self, argv, input=None, check=True, env=None, timeout=CMD_TIMEOUT_S):
        argv = self.prefix() + list(argv)
        if env is None:
            return _run(argv, input=input, check=check, timeout=timeout)
        try:
            out = subprocess.run(argv, input=input, capture_output=True, text=True, env=env,
                                 timeout=timeout,
                                 stdin=None if input is not None else subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise NetnsError(f"`{' '.join(argv)}` did not finish within {timeout}s") from None
        if check and out.returncode != 0:
            raise NetnsError(f"`{' '.join(argv)}` failed (status {out.returncode}): "
                             f"{(out.stderr or out.stdout).strip()}")
        return out

    def sysctl(self, key, value):
        """Set a per-namespace sysctl (net.*) inside the namespace only."""
        path = "/proc/sys/" + key.replace(".", "/")
        self.run(["sh", "-c", 'printf "%s\\n" "$1" > "$0"', path, str(value)])

    def nft(self, ruleset):
        """Load an nftables ruleset (text) into the namespace."""
        self.run(["nft", "-f", "-"], input=ruleset)

    def exists(self):
        return (RUN_NETNS / self.name).exists()


