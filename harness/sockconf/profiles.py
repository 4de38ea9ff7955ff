"""Profiles: the host network set-ups a case runs in.

A Profile says whether it can run here (available) and starts a context for
one pytest worker (start). A context wraps a case's argv so the interpreter
runs inside the set-up, adds environment (SOCKCONF_P_* parameters for the
prelude's `param`), and knows the capabilities the set-up offers.
"""

import json
import subprocess
import sys
from pathlib import Path

from .errors import ConfigError

PROBE = Path(__file__).with_name("probe.py")


class Context:
    """A started profile for one worker. The host context changes nothing."""

    def __init__(self, name, env=None, prefix=None, provides=()):
        self.name = name
        self.env = dict(env or {})
        self.prefix = list(prefix or [])
        self.provides = set(provides)
        self._capabilities = None

    def wrap(self, argv):
        return self.prefix + list(argv)

    @property
    def capabilities(self):
        """Capability ids offered here: probed once, plus what the profile provides."""
        if self._capabilities is None:
            out = subprocess.run(self.wrap([sys.executable, str(PROBE)]), capture_output=True,
                                 text=True, timeout=30, stdin=subprocess.DEVNULL)
            if out.returncode != 0:
                raise RuntimeError(f"capability probe failed in profile {self.name}: {out.stderr}")
            probed = json.loads(out.stdout)
            self._capabilities = {k for k, v in probed.items() if v} | self.provides
        return self._capabilities

    def close(self):
        pass


class Profile:
    name = "host"
    description = "the machine as it is, no namespace"

    def available(self):
        """(True, "") or (False, reason why this profile cannot run here)."""
        return True, ""

    def start(self, worker):
        return Context(self.name)


REGISTRY = {"host": Profile()}


def select(names):
    """Profiles named on the command line ('all' = every registered one)."""
    chosen = []
    for name in names or ["host"]:
        if name == "all":
            chosen.extend(p for p in REGISTRY.values() if p not in chosen)
            continue
        if name not in REGISTRY:
            raise ConfigError(f"unknown profile '{name}' (known: {', '.join(REGISTRY)}, all)")
        if REGISTRY[name] not in chosen:
            chosen.append(REGISTRY[name])
    return chosen
