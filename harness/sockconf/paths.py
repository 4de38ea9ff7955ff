"""Where things are: the project root, its fixed folders, and the harness's temporary folders.

Every temporary folder the harness makes is named

    $TMPDIR/sockconf-KIND-PID-XXXXXXXX

(KIND says what it is for, PID is the process that made it), and is removed
when that process exits normally. A process killed by SIGKILL removes
nothing, so every run reaps, at its start, the folders whose maker is gone
(reap_stale_tempdirs): its PID no longer runs, or runs a process that started
after the folder was last changed (the PID was reused).
"""

import atexit
import os
import re
import shutil
import tempfile
from pathlib import Path

ROOT = Path(os.environ.get("SOCKCONF_ROOT") or Path(__file__).resolve().parents[2])
CASES = ROOT / "cases"
SPEC = ROOT / "spec"
HARNESS = ROOT / "harness"
TCL = HARNESS / "tcl"
REPORTS = ROOT / "reports"

TEMP_RE = re.compile(r"^sockconf-([a-z0-9]+)-(\d+)-[A-Za-z0-9_]+$")
_made = {}                  # path -> pid of the process that made it


def _remove_ours():
    for path, pid in list(_made.items()):
        if pid == os.getpid():          # not in a forked child
            shutil.rmtree(path, ignore_errors=True)
            _made.pop(path, None)


def run_tempdir(kind):
    """A new, empty folder $TMPDIR/sockconf-KIND-PID-XXXXXXXX (mode 0700), removed
    when this process exits (or earlier, by forget_tempdir); KIND is [a-z0-9]+."""
    if not re.fullmatch(r"[a-z0-9]+", kind):
        raise ValueError(f"temporary folder kind must be [a-z0-9]+, not {kind!r}")
    if not _made:
        atexit.register(_remove_ours)
    path = Path(tempfile.mkdtemp(prefix=f"sockconf-{kind}-{os.getpid()}-"))
    _made[path] = os.getpid()
    return path


def remove_tempdir(path):
    """Remove a folder made by run_tempdir now."""
    shutil.rmtree(path, ignore_errors=True)
    _made.pop(Path(path), None)


def _started_at(pid):
    """The epoch second at which process PID started, or None when it cannot be told."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        fields = stat[stat.rindex(")") + 2:].split()
        if fields[0] in ("Z", "X"):
            return float("inf")         # dead, not yet reaped: as good as gone
        ticks = int(fields[19])
        with open("/proc/stat", encoding="ascii") as f:
            btime = next(int(line.split()[1]) for line in f if line.startswith("btime "))
        return btime + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, StopIteration):
        return None


def maker_gone(pid, changed_at):
    """True when the process PID that made something last changed at CHANGED_AT
    (epoch seconds) no longer runs: no such process, or one that started later."""
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        pass
    started = _started_at(pid)
    return started is not None and started > changed_at + 1.0


def reap_stale_tempdirs(base=None):
    """Remove the sockconf-KIND-PID-* folders under BASE (default $TMPDIR) whose
    maker is gone; returns their paths."""
    base = Path(base or tempfile.gettempdir())
    removed = []
    try:
        entries = list(base.iterdir())
    except OSError:
        return removed
    for p in entries:
        m = TEMP_RE.match(p.name)
        if m is None:
            continue
        try:
            st = p.lstat()
        except OSError:
            continue
        if maker_gone(int(m.group(2)), st.st_mtime):
            if p.is_dir() and not p.is_symlink():
                shutil.rmtree(p, ignore_errors=True)
            else:
                try:
                    p.unlink()
                except OSError:
                    continue
            removed.append(p)
    return removed
