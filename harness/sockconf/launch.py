"""One way to start an interpreter: cases, the version and capability probes, benchmarks.

Every process the harness runs on behalf of a target (or a profile's probe) goes
through Launch, and so gets the same safeguards:

  * harness/native's sockconf-launch in front of it, which makes it die with
    the harness process that started it, enters the profile's network
    namespace and /etc files (or, for the version probe, a network namespace
    with nothing in it), gives it the files-only resolver, and - as root - a
    PID namespace of its own, so that everything it starts (setsid and
    double-forked children included) dies with it;
  * its own process group, standard input from /dev/null;
  * its own fresh, empty working folder (also TMPDIR), removed afterwards;
  * at most CAPTURE_BYTES kept of each of stdout and stderr, the rest drained
    and counted, never stored;
  * a time limit, after which - and in any case once the program has ended -
    the whole process group is killed.

Without root there are no namespaces: the interpreter and its process group
are killed, but a child that made a session of its own (setsid) is not
contained (spec/INTERPRETING.md says so).
"""

import os
import selectors
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from . import hermetic, paths
from .errors import ConfigError

LAUNCHER = paths.HARNESS / "native" / "build" / "sockconf-launch"
CAPTURE_BYTES = 16 * 1024       # kept of each of stdout and stderr
KILL_GRACE_S = 2.0
SETUP_FAILED = 125              # sockconf-launch could not set up (one line on stderr)


def launcher():
    """The launcher's path, or ConfigError saying how to build it."""
    if not (LAUNCHER.is_file() and os.access(LAUNCHER, os.X_OK)):
        raise ConfigError("harness/native is not built (run `make native`): "
                          f"{LAUNCHER.relative_to(paths.ROOT)} is missing")
    return str(LAUNCHER)


def contained():
    """True when processes get PID namespaces of their own (root)."""
    return os.geteuid() == 0


class Capture:
    """What a pipe delivered: the first LIMIT bytes kept, the rest counted."""

    def __init__(self, limit=CAPTURE_BYTES):
        self.limit, self.kept, self.total = limit, bytearray(), 0

    def add(self, chunk):
        self.total += len(chunk)
        room = self.limit - len(self.kept)
        if room > 0:
            self.kept += chunk[:room]

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
    with nothing in it (as root). WORKDIR, when given, is used (and kept)
    instead of a fresh temporary folder."""

    def __init__(self, argv, *, timeout_s, context=None, env=None, isolate_network=False,
                 workdir=None, capture_bytes=CAPTURE_BYTES, stdout=None):
        if not (timeout_s > 0):
            raise ValueError(f"timeout must be positive, not {timeout_s!r}")
        self.argv = [str(a) for a in argv]
        self.timeout_s = timeout_s
        self.context = context
        self.env = dict(os.environ if env is None else env)
        self.isolate_network = isolate_network
        self.capture_bytes = capture_bytes
        self._own_workdir = workdir is None
        self.workdir = Path(workdir) if workdir else None
        self.stdout_target = stdout
        self.proc = None
        self._started = None

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
        return cmd + ["--"] + self.argv

    def start(self):
        if self.workdir is None:
            self.workdir = Path(tempfile.mkdtemp(prefix="sockconf-run-"))
        self.env["TMPDIR"] = str(self.workdir)
        self._started = time.monotonic()
        self.proc = subprocess.Popen(
            self.command(), stdin=subprocess.DEVNULL,
            stdout=self.stdout_target if self.stdout_target is not None else subprocess.PIPE,
            stderr=subprocess.PIPE, cwd=self.workdir, env=self.env, process_group=0)
        self._out = Capture(self.capture_bytes) if self.stdout_target is None else None
        self._err = Capture(self.capture_bytes)
        return self

    def kill(self):
        """Kill the program and everything in its process group (and namespace)."""
        if self.proc is not None:
            _kill_group(self.proc.pid)

    def _drain(self, deadline):
        """Read stdout and stderr (one thread, a selector) until both are closed,
        DEADLINE passes, or - once the program has ended and its group is killed -
        KILL_GRACE_S more (a helper that escaped may hold a pipe). Returns True
        when DEADLINE passed with the program still running."""
        sel = selectors.DefaultSelector()
        for stream, cap in ((self.proc.stdout, self._out), (self.proc.stderr, self._err)):
            if cap is not None:
                os.set_blocking(stream.fileno(), False)
                sel.register(stream, selectors.EVENT_READ, cap)
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
                        sel.unregister(key.fileobj)
            return False
        finally:
            sel.close()

    def wait(self):
        """Wait for the end (at most the time limit), kill what is left, and
        return the Outcome. The working folder is removed unless it was given."""
        deadline = self._started + self.timeout_s
        timed_out = False
        try:
            if self.stdout_target is None:
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
            for stream in (self.proc.stdout, self.proc.stderr):
                if stream is not None and self.stdout_target is None or stream is self.proc.stderr:
                    try:
                        stream.close()
                    except (OSError, AttributeError):
                        pass
            if self._own_workdir:       # also when the wait is interrupted (Ctrl-C, SIGTERM)
                shutil.rmtree(self.workdir, ignore_errors=True)
        duration = time.monotonic() - self._started
        stderr = self._err.text()
        rc = None if timed_out else self.proc.returncode
        launch_error = ""
        if rc == SETUP_FAILED and stderr.startswith("sockconf-launch:"):
            launch_error = stderr.strip().splitlines()[0]
        return Outcome(rc, timed_out, self._out.text() if self._out else "", stderr,
                       duration, launch_error)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.kill()


def run(argv, **kwargs):
    """Start ARGV with the safeguards, wait for it, return its Outcome."""
    return Launch(argv, **kwargs).start().wait()
