"""A files-only resolver for everything the harness starts.

A reverse lookup of ::1, or a name in .invalid, falls through from /etc/hosts
to DNS on most machines, and DNS means traffic to an address outside the
loopback. So every case interpreter and probe runs in a private mount
namespace in which /etc/nsswitch.conf answers host look-ups from files only
(the rest of the machine's nsswitch.conf is kept): sockconf.launch passes
conf_file() to sockconf-launch, which bind-mounts it. That needs root;
without it commands run unchanged and `active()` is false.
"""

import atexit
import os
import re
import shutil
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


def conf_file():
    """Path of a files-only nsswitch.conf made for this process (removed at exit)."""
    if "path" not in _state:
        folder = tempfile.mkdtemp(prefix="sockconf-nss-")
        atexit.register(shutil.rmtree, folder, True)
        path = Path(folder) / "nsswitch.conf"
        path.write_text(conf_text(), encoding="utf-8")
        _state["path"] = str(path)
    return _state["path"]


def active():
    """True when commands can be given the files-only resolver."""
    return os.geteuid() == 0 and NSSWITCH.exists()
