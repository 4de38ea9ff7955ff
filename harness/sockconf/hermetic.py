"""A files-only resolver for everything the harness starts.

A reverse lookup of ::1, or a name in .invalid, falls through from /etc/hosts
to DNS on most machines, and DNS means traffic to an address outside the
loopback. So every case interpreter and probe runs in a private mount
namespace in which /etc/nsswitch.conf answers host look-ups from files only
(the rest of the machine's nsswitch.conf is kept): sockconf.launch passes
conf_file() to sockconf-launch, which bind-mounts it. That needs root;
without it commands run unchanged and `active()` is false.
"""

import hashlib
import os
import re
import tempfile
from pathlib import Path

NSSWITCH = Path("/etc/nsswitch.conf")
_state = {}


def conf_text():
    """The machine's nsswitch.conf with host look-ups from files only."""
    try:
        text = NSSWITCH.read_text(encoding="utf-8")
    except OSError:
        text = ""
    lines = [ln for ln in text.splitlines() if not re.match(r"\s*hosts\s*:", ln)]
    return "\n".join(lines + ["hosts: files", ""])


RUN_DIR = Path("/run/sockconf")


def conf_file():
    """Path of the files-only nsswitch.conf (root only, like the bind mount that
    uses it). It lives in /run/sockconf/ (a tmpfs, emptied at boot), is named by
    its content, and is shared by every run: written once, atomically, never
    per process, so a run killed by any signal leaves no temporary file."""
    if "path" not in _state:
        text = conf_text()
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
        RUN_DIR.mkdir(mode=0o755, exist_ok=True)
        path = RUN_DIR / f"nsswitch-files-{digest}.conf"
        if not path.is_file():
            fd, tmp = tempfile.mkstemp(prefix=".nsswitch-", dir=RUN_DIR)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text)
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)
        _state["path"] = str(path)
    return _state["path"]


def active():
    """True when commands can be given the files-only resolver."""
    return os.geteuid() == 0 and NSSWITCH.exists()
