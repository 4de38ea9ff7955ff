"""One way to start an interpreter: cases, the version and capability probes, benchmarks.

Every process the harness runs on behalf of a target (or a profile's probe) goes
through Launch, and so gets the same safeguards:

  * harness/native's sockconf-launch in front of it, which makes it die with
    the harness process that started it, enters the profile's network
    namespace and /etc files (or, for the version probe, a network namespace
    with nothing in it), gives it the files-only resolver, and - as root - a
    PID namespace of its own, so that everything it starts (setsid and
    double-forked children included) dies with it;
  * as root, a sandbox (Sandbox): every mount read-only, private tmpfs
    folders for /tmp, /var/tmp and /dev/shm, its own /proc (only its own
    processes), its own IPC namespace, no capability but binding ports below
    1024, and - where every file it needs is readable by other users - an
    unprivileged uid of its own; the working folder (and TMPDIR, HOME) is the
    sandbox's /tmp;
  * side channels (CHANNELS): each a pipe whose write end the program
    inherits, named /proc/self/fd/N; what arrives is kept up to its limit
    and counted beyond it. No file in a shared folder: no other item can
    name the channel, let alone write to it;
  * its own process group, standard input from /dev/null;
  * without a sandbox, its own fresh, empty working folder (also TMPDIR),
    removed afterwards;
  * at most CAPTURE_BYTES kept of each of stdout and stderr, the rest drained
    and counted, never stored;
  * a time limit, after which - and in any case once the program has ended -
    the whole process group is killed.

Without root there are no namespaces: the interpreter and its process group
are killed, but a child that made a session of its own (setsid) is not
contained (spec/INTERPRETING.md says so), and the files, processes and side
channels of other items are within reach of the same user.
"""

import hashlib
import os
import selectors
import signal
import stat
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import hermetic, paths
from .errors import ConfigError

LAUNCHER = paths.HARNESS / "native" / "build" / "sockconf-launch"
CAPTURE_BYTES = 16 * 1024       # kept of each of stdout and stderr
CHANNEL_BYTES = 1024 * 1024     # kept of each side channel
KILL_GRACE_S = 2.0
SETUP_FAILED = 125              # sockconf-launch could not set up (one line on stderr)
SANDBOX_TMP_MIB = 64            # size of each of the sandbox's tmpfs folders
# The sandbox's unprivileged uid: one per harness process (an xdist worker runs one item at
# a time), from a range no system assigns, so items running at once never share one.
SANDBOX_UID_BASE = 1_900_000_000


def launcher():
    """The launcher's path, or ConfigError saying how to build it."""
    if not (LAUNCHER.is_file() and os.access(LAUNCHER, os.X_OK)):
        raise ConfigError("harness/native is not built (run `make native`): "
                          f"{LAUNCHER.relative_to(paths.ROOT)} is missing")
    return str(LAUNCHER)


def preload_path(path):
    """PATH as LD_PRELOAD can name it. The dynamic linker splits LD_PRELOAD at spaces
    and colons, so a library in a checkout whose path has one is named by a copy
    without: in /run/sockconf (as root; named by its content, shared by every run,
    visible in the sandbox), else in a folder of this process's own."""
    path = str(path)
    if not any(c in path for c in " \t\n:"):
        return path
    data = Path(path).read_bytes()
    name = f"{Path(path).stem}-{hashlib.sha256(data).hexdigest()[:16]}.so"
    if os.geteuid() == 0:
        folder = hermetic.RUN_DIR
        folder.mkdir(mode=0o755, exist_ok=True)
    else:
        folder = _own_preload_dir()
    alias = folder / name
    if not alias.is_file():
        tmp = folder / f".{name}.{os.getpid()}"
        tmp.write_bytes(data)
        tmp.chmod(0o755)
        os.replace(tmp, alias)
    if any(c in str(alias) for c in " \t\n:"):
        raise ConfigError(f"cannot preload {path}: no folder without spaces for a copy of it "
                          f"({alias})")
    return str(alias)


def _own_preload_dir(made={}):
    if "dir" not in made:
        made["dir"] = paths.run_tempdir("shim")
    return made["dir"]


def contained():
    """True when processes get PID namespaces of their own (root)."""
    return os.geteuid() == 0


def sandbox_uid():
    """The unprivileged uid this harness process gives the interpreters it starts."""
    return SANDBOX_UID_BASE + os.getpid()


def _others_may(path, bits):
    """True when users other than the owner may reach PATH (every folder above it
    searchable) and use it with BITS (S_IROTH, S_IXOTH)."""
    p = Path(path).absolute()
    try:
        for folder in reversed(p.parents):
            if not os.stat(folder).st_mode & stat.S_IXOTH:
                return False
        return (os.stat(p).st_mode & bits) == bits
    except OSError:
        return False


def unreadable_for_others(paths_needed):
    """The first of PATHS_NEEDED that another user could not use, or "" when none.
    A folder must be listable and searchable, and its files readable; a file readable
    (executable when its owner may execute it)."""
    for p in paths_needed:
        p = Path(p)
        if p.is_dir():
            if not _others_may(p, stat.S_IROTH | stat.S_IXOTH):
                return str(p)
            for child in p.iterdir():
                if child.is_file() and not _others_may(child, stat.S_IROTH):
                    return str(child)
        elif p.exists():
            mode = p.stat().st_mode
            bits = stat.S_IROTH | (stat.S_IXOTH if mode & stat.S_IXUSR else 0)
            if not _others_may(p, bits):
                return str(p)
    return ""


HIDDEN_ROOTS = ("/tmp", "/var/tmp", "/dev/shm")     # each a fresh tmpfs in the sandbox


def _hidden(path):
    """The sandbox's tmpfs folder that hides PATH (resolved), or ""."""
    real = os.path.realpath(path)
    for root in HIDDEN_ROOTS:
        if real == root or real.startswith(root + "/"):
            return root
    return ""


def hidden_needs(argv, env):
    """The paths a program started with ARGV and ENV needs that the sandbox's
    fresh tmpfs folders would hide (the checkout itself when it is under /tmp,
    as in a CI clone; a case folder, setup script or interpreter a user keeps
    there): every absolute path among ARGV, the values of ENV (PATH and
    LD_PRELOAD by their parts) and the checkout. A file in the folder's top
    (/tmp/x.tcl) is shown alone; anything deeper with its folder, so a script
    finds the files beside it. Folders inside other shown folders are left out."""
    words = [str(paths.ROOT), *argv]
    for key, value in env.items():
        if key == "PATH":
            words += value.split(":")
        elif key == "LD_PRELOAD":
            words += value.replace(":", " ").split()
        elif key not in ("TMPDIR", "HOME", "PWD", "OLDPWD"):
            words.append(value)
    shown = set()
    for w in words:
        if not w.startswith("/") or not os.path.exists(w):
            continue
        root = _hidden(w)
        if not root or os.path.realpath(w) == root:
            continue
        real = os.path.realpath(w)
        shown.add(real if os.path.dirname(real) == root or os.path.isdir(real)
                  else os.path.dirname(real))
    return sorted(p for p in shown
                  if not any(p != q and p.startswith(q.rstrip("/") + "/") for q in shown))


@dataclass
class Sandbox:
    """What an interpreter may touch inside its sandbox (as root; see the module
    docstring): WRITABLE paths stay writable, EXPOSE paths (files the harness made
    for it, also under the host's /tmp) are shown read-only, USER is its uid
    (None: root with every capability but CAP_NET_BIND_SERVICE dropped)."""
    writable: list = field(default_factory=list)
    expose: list = field(default_factory=list)
    user: int | None = None
    nofile: int | None = None

    def options(self, chown_fds=(), hidden=()):
        """sockconf-launch's options; HIDDEN are more paths to show read-only."""
        opts = ["--sandbox", "--tmp-size", str(SANDBOX_TMP_MIB)]
        for w in self.writable:
            opts += ["--writable", str(w)]
        for e in dict.fromkeys([*map(str, self.expose), *hidden]):
            opts += ["--expose", e]
        if self.user:
            opts += ["--user", str(self.user)]
            for fd in chown_fds:
                opts += ["--chown-fd", str(fd)]
        if self.nofile:
            opts += ["--nofile", str(self.nofile)]
        return opts

    def describe(self):
        """What results.json says of it."""
        return {"sandbox": True, "user": "an unprivileged uid of its own" if self.user else
                "root, capabilities dropped but CAP_NET_BIND_SERVICE"}


class Capture:
    """What a pipe delivered: the first LIMIT bytes kept, the rest counted."""

    def __init__(self, limit=CAPTURE_BYTES):
        self.limit, self.kept, self.total = limit, bytearray(), 0

    def add(self, chunk):
        self.total += len(chunk)
        room = self.limit - len(self.kept)
        if room > 0:
            self.kept += chunk[:room]

    @property
    def flooded(self):
        return self.total > self.limit

    def text(self):
        out = self.kept.decode("utf-8", "replace")
        if self.total > len(self.kept):
            out += f"\n[... {self.total - len(self.kept)} more bytes not kept]"
        return out


@dataclass
class Outcome:
    """How a launched program ended."""
    returncode: int | None      # negative: killed by that signal; None: timed out
    timed_out: bool
    stdout: str
    stderr: str
    duration_s: float
    launch_error: str = ""      # the launcher could not set up; the program never ran
    channels: dict = field(default_factory=dict)    # name -> Capture of that side channel

    @property
    def signal_name(self):
        if self.returncode is None or self.returncode >= 0:
            return ""
        try:
            return signal.Signals(-self.returncode).name
        except ValueError:
            return f"signal {-self.returncode}"


def _kill_group(pid):
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


class Launch:
    """One program started with the harness's safeguards (module docstring).

    CONTEXT is a started profile context (profiles.Context) or None for the
    machine as it is; ISOLATE_NETWORK gives the program a network namespace
    with nothing in it (as root). SANDBOX (a Sandbox; the default one when not
    given, False for none) applies as root only. CHANNELS names the side
    channels to open (channel_path(name) is what the program opens). WORKDIR,
    when given, is used (and kept) as the working folder of a program without
    a sandbox instead of a fresh temporary folder."""

    def __init__(self, argv, *, timeout_s, context=None, env=None, isolate_network=False,
                 workdir=None, capture_bytes=CAPTURE_BYTES, stdout=None, sandbox=None,
                 channels=()):
        if not (timeout_s > 0):
            raise ValueError(f"timeout must be positive, not {timeout_s!r}")
        self.argv = [str(a) for a in argv]
        self.timeout_s = timeout_s
        self.context = context
        self.env = dict(os.environ if env is None else env)
        self.isolate_network = isolate_network
        self.capture_bytes = capture_bytes
        self.sandbox = (Sandbox() if sandbox is None else sandbox) if contained() else False
        self._own_workdir = workdir is None and not self.sandbox
        self.workdir = Path(workdir) if workdir and not self.sandbox else None
        self.stdout_target = stdout
        self.proc = None
        self._started = None
        self._pipes = {}                # name -> (read fd, write fd)
        for name in channels:
            r, w = os.pipe()
            os.set_inheritable(w, True)
            self._pipes[name] = (r, w)

    def channel_path(self, name):
        """How the program opens side channel NAME (for writing)."""
        return f"/proc/self/fd/{self._pipes[name][1]}"

    def channel_fd(self, name):
        return self._pipes[name][1]

    def command(self):
        """The full argv: the launcher, its options, then the program."""
        cmd = [launcher()]
        if contained():
            ctx = self.context
            if ctx is not None and getattr(ctx, "netns", None):
                cmd += ["--netns", ctx.netns]
                if getattr(ctx, "etc_dir", None):
                    cmd += ["--etc", str(ctx.etc_dir)]
            elif self.isolate_network:
                cmd += ["--no-network"]
            if hermetic.active():
                cmd += ["--nsswitch", hermetic.conf_file()]
            cmd += ["--contain"]
            if self.sandbox:
                cmd += self.sandbox.options([w for _, w in self._pipes.values()],
                                            hidden_needs(self.argv, self.env))
        return cmd + ["--"] + self.argv

    def start(self):
        if self.sandbox:
            self.env["TMPDIR"] = self.env["HOME"] = "/tmp"
            cwd = "/"
            # A path under the host's /tmp reached through a symbolic link (a case folder
            # that is a link) is given resolved: the link itself is not in the sandbox.
            self.argv = [os.path.realpath(a) if a.startswith("/") and _hidden(a) and
                         os.path.exists(a) else a for a in self.argv]
        else:
            if self.workdir is None:
                self.workdir = paths.run_tempdir("run")
            self.env["TMPDIR"] = str(self.workdir)
            cwd = self.workdir
        self._started = time.monotonic()
        try:
            self.proc = subprocess.Popen(
                self.command(), stdin=subprocess.DEVNULL,
                stdout=self.stdout_target if self.stdout_target is not None else subprocess.PIPE,
                stderr=subprocess.PIPE, cwd=cwd, env=self.env, process_group=0,
                pass_fds=[w for _, w in self._pipes.values()])
        except BaseException:
            self._close_pipes()
            if self._own_workdir and self.workdir is not None:
                paths.remove_tempdir(self.workdir)
            raise
        for name, (r, w) in self._pipes.items():
            os.close(w)
            self._pipes[name] = (r, None)
        self._out = Capture(self.capture_bytes) if self.stdout_target is None else None
        self._err = Capture(self.capture_bytes)
        self._chan = {name: Capture(CHANNEL_BYTES) for name in self._pipes}
        return self

    def _close_pipes(self):
        for r, w in self._pipes.values():
            for fd in (r, w):
                if fd is not None:
                    try:
                        os.close(fd)
                    except OSError:
                        pass
        self._pipes = {}

    def kill(self):
        """Kill the program and everything in its process group (and namespace)."""
        if self.proc is not None:
            _kill_group(self.proc.pid)

    def _drain(self, deadline):
        """Read stdout, stderr and the side channels (one thread, a selector) until
        all are closed, DEADLINE passes, or - once the program has ended and its
        group is killed - KILL_GRACE_S more (a helper that escaped may hold a
        pipe). Returns True when DEADLINE passed with the program still running."""
        sel = selectors.DefaultSelector()
        streams = [(self.proc.stdout.fileno() if self._out is not None else None, self._out),
                   (self.proc.stderr.fileno(), self._err)]
        streams += [(self._pipes[name][0], cap) for name, cap in self._chan.items()]
        for fd, cap in streams:
            if fd is not None:
                os.set_blocking(fd, False)
                sel.register(fd, selectors.EVENT_READ, cap)
        ended_at = None
        try:
            while sel.get_map():
                now = time.monotonic()
                if ended_at is None and self.proc.poll() is not None:
                    ended_at = now
                    self.kill()
                if ended_at is not None and now > ended_at + KILL_GRACE_S:
                    break
                if ended_at is None and now >= deadline:
                    return True
                wait = min(deadline - now, 0.2) if ended_at is None else 0.05
                for key, _ in sel.select(max(wait, 0.0)):
                    try:
                        chunk = os.read(key.fd, 65536)
                    except BlockingIOError:
                        continue
                    except OSError:
                        chunk = b""
                    if chunk:
                        key.data.add(chunk)
                    else:
                        sel.unregister(key.fd)
            return False
        finally:
            sel.close()

    def wait(self):
        """Wait for the end (at most the time limit), kill what is left, and
        return the Outcome. The working folder is removed unless it was given."""
        deadline = self._started + self.timeout_s
        timed_out = False
        try:
            timed_out = self._drain(deadline)
            if not timed_out:
                try:
                    self.proc.wait(timeout=max(0.0, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    timed_out = True
        finally:
            self.kill()
            try:
                self.proc.wait(timeout=KILL_GRACE_S)
            except subprocess.TimeoutExpired:
                pass
            for stream in (self.proc.stdout if self._out is not None else None, self.proc.stderr):
                if stream is not None:
                    try:
                        stream.close()
                    except OSError:
                        pass
            self._close_pipes()
            if self._own_workdir and self.workdir is not None:   # also when interrupted
                paths.remove_tempdir(self.workdir)
        duration = time.monotonic() - self._started
        stderr = self._err.text()
        rc = None if timed_out else self.proc.returncode
        launch_error = ""
        if rc == SETUP_FAILED and stderr.startswith("sockconf-launch:"):
            launch_error = stderr.strip().splitlines()[0]
        return Outcome(rc, timed_out, self._out.text() if self._out else "", stderr,
                       duration, launch_error, dict(self._chan))

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.kill()


def run(argv, **kwargs):
    """Start ARGV with the safeguards, wait for it, return its Outcome."""
    return Launch(argv, **kwargs).start().wait()
