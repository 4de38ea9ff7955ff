"""One way to start an interpreter: cases, the version and capability probes, benchmarks.

Every process the harness runs on behalf of a target (or a profile's probe) goes
through Launch, and so gets the same safeguards:

  * harness/native's sockconf-launch in front of it, which makes it die with
    the harness process that started it, enters the profile's network
    namespace and /etc files (or, for the version probe, a network namespace
    with nothing in it), gives it the files-only resolver, and - as root - a
    PID namespace of its own, so that everything it starts (setsid and
    double-forked children included) dies with it;
  * its own process group and session, standard input from /dev/null;
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
import shutil
import signal
import subprocess
import tempfile
import threading
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


class Capture(threading.Thread):
    """Drain a pipe, keeping the first LIMIT bytes and counting the rest."""

    def __init__(self, stream, limit=CAPTURE_BYTES):
        super().__init__(daemon=True)
        self.stream, self.limit, self.kept, self.total = stream, limit, bytearray(), 0

    def run(self):
        try:
            while True:
                chunk = self.stream.read1(65536)
                if not chunk:
                    break
                self.total += len(chunk)
                room = self.limit - len(self.kept)
                if room > 0:
                    self.kept += chunk[:room]
        except (OSError, ValueError):
            pass
        finally:
            try:
                self.stream.close()
            except OSError:
                pass

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
            stderr=subprocess.PIPE, cwd=self.workdir, env=self.env, start_new_session=True)
        self._out = Capture(self.proc.stdout, self.capture_bytes) if self.stdout_target is None else None
        self._err = Capture(self.proc.stderr, self.capture_bytes)
        for c in (self._out, self._err):
            if c is not None:
                c.start()
        return self

    def kill(self):
        """Kill the program and everything in its process group (and namespace)."""
        if self.proc is not None:
            _kill_group(self.proc.pid)

    def wait(self):
        """Wait for the end (at most the time limit), kill what is left, and
        return the Outcome. The working folder is removed unless it was given."""
        timed_out = False
        try:
            self.proc.wait(timeout=max(0.0, self.timeout_s - (time.monotonic() - self._started)))
        except subprocess.TimeoutExpired:
            timed_out = True
        finally:
            self.kill()
            try:
                self.proc.wait(timeout=KILL_GRACE_S)
            except subprocess.TimeoutExpired:
                pass
        duration = time.monotonic() - self._started
        for c in (self._out, self._err):
            if c is not None:
                c.join(KILL_GRACE_S)
        stderr = self._err.text()
        rc = None if timed_out else self.proc.returncode
        launch_error = ""
        if rc == SETUP_FAILED and stderr.startswith("sockconf-launch:"):
            launch_error = stderr.strip().splitlines()[0]
        outcome = Outcome(rc, timed_out, self._out.text() if self._out else "", stderr,
                          duration, launch_error)
        if self._own_workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)
        return outcome

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.kill()


def run(argv, **kwargs):
    """Start ARGV with the safeguards, wait for it, return its Outcome."""
    return Launch(argv, **kwargs).start().wait()
