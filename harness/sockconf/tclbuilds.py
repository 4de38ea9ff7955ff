"""Tcl built from source: which tarballs ci/build-tcl.sh knows, where each build lives.

A target of harness/targets.toml may name a build instead of a command:

    ["tclsh8.6.18-nothreads"]
    tcl = { release = "8.6.18", variant = "nothreads" }

and its interpreter is that build's tclsh. ci/tcl-sources.txt lists the tarballs
(sha256, release, file name) that ci/build-tcl.sh builds; a source of one's own
is named by its path and sha256 (tcl = { release, source, sha256 }). The
prefix rule is ci/build-tcl.sh's (its --prefix mode prints the same):
CACHE/tcl-RELEASE[-VARIANT][+SHA12 for an unlisted source], CACHE being
$SOCKCONF_CACHE, else /var/cache/sockconf as root and ~/.cache/sockconf otherwise.


`sockconf tcl` (harness/sockconf/tclcmd.py) answers, from these, what targets need built.
"""

import os
import re
from dataclasses import dataclass
from pathlib import Path

from . import paths
from .errors import ConfigError

SOURCES = paths.ROOT / "ci" / "tcl-sources.txt"
BUILD_SCRIPT = "ci/build-tcl.sh"
VARIANTS = ("default", "select", "nothreads")
# Variants in the order the releases page steps through them (default first).
VARIANT_LABELS = {"default": "", "select": "select(2) notifier", "nothreads": "--disable-threads"}
RELEASE = re.compile(r"\d+\.\d+(?:\.\d+|[ab]\d+)")


def cache_root():
    """Where ci/build-tcl.sh keeps its builds."""
    if os.environ.get("SOCKCONF_CACHE"):
        return Path(os.environ["SOCKCONF_CACHE"])
    if os.getuid() == 0:
        return Path("/var/cache/sockconf")
    return Path(os.environ.get("HOME") or "/tmp") / ".cache" / "sockconf"


def sources(path=SOURCES):
    """[(sha256, release, file name)] of ci/tcl-sources.txt, in its order."""
    return [e[:3] for e in _entries(path)]


def _entries(path=SOURCES):
    """[(sha256, release, file name, [URL...])] of ci/tcl-sources.txt."""
    out = []
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the list of Tcl sources: {exc.strerror}") from None
    for no, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        if len(parts) < 3 or not re.fullmatch(r"[0-9a-f]{64}", parts[0]) or not RELEASE.fullmatch(parts[1]):
            raise ConfigError(f"{path}:{no}: expected 'SHA256 RELEASE FILE [URL...]'")
        out.append((parts[0], parts[1], parts[2], parts[3:]))
    return out


def needed(t):
    """The Tcl builds target T runs in: its own (tcl = {...}), or for a target that
    runs tclsh9.0 found on PATH (tclsh9.0, ref9, ...) the default build of the newest
    Tcl 9.0 listed in ci/tcl-sources.txt."""
    if t.build is not None:
        return [t.build]
    if "tclsh9.0" in [Path(t.command[0]).name, *t.env.values()]:
        nines = [r for _, r, _ in sources() if r.startswith("9.0")]
        return [Build(max(nines, key=release_key))] if nines else []
    return []


def release_key(release):
    """A sort key for a release: 8.6.9 < 8.6.13 < 9.0b1 < 9.0.4."""
    return tuple(int(x) if x.isdigit() else -1 for x in re.split(r"[.ab]", release))


@dataclass(frozen=True)
class Build:
    release: str
    variant: str = "default"
    source: Path | None = None      # a tarball of one's own (not in ci/tcl-sources.txt)
    sha256: str = ""                # its sha256, required with source

    @property
    def series(self):
        return ".".join(self.release.split(".")[:2]).split("a")[0].split("b")[0]

    @property
    def label(self):
        """8.6.18, 8.6.18-nothreads, 8.6.18+1a2b3c4d5e6f."""
        name = self.release if self.variant == "default" else f"{self.release}-{self.variant}"
        own = self.source is not None and not any(sha == self.sha256 for sha, _, _ in sources())
        return name + (f"+{self.sha256[:12]}" if own else "")

    def prefix(self):
        return cache_root() / f"tcl-{self.label}"

    def tclsh(self):
        return self.prefix() / "bin" / f"tclsh{self.series}"

    def tarball_name(self):
        """The listed tarball of this release (the first, when several are), or the own source
        (a source whose sha256 is listed builds into the listed release's prefix, as
        ci/build-tcl.sh does)."""
        if self.source is not None:
            return str(self.source)
        for _, release, name in sources():
            if release == self.release:
                return name
        return None

    def build_args(self, sources_dir=None):
        """ci/build-tcl.sh's arguments for this build: [--sha256 SUM] TARBALL [VARIANT]."""
        tarball = self.tarball_name()
        if self.source is None and sources_dir is not None:
            tarball = str(Path(sources_dir) / tarball)
        args = (["--sha256", self.sha256] if self.source is not None else []) + [tarball]
        return args + ([self.variant] if self.variant != "default" else [])

    def build_command(self):
        """The command line that builds it, as a user would type it."""
        if self.source is not None:
            return " ".join([BUILD_SCRIPT, *self.build_args()])
        args = self.build_args()
        return " ".join([BUILD_SCRIPT, "DIR/" + args[0], *args[1:]])

    def built(self):
        return self.tclsh().is_file() and os.access(self.tclsh(), os.X_OK) and \
            (self.prefix() / ".sockconf-build").is_file()

    def missing(self, target_name):
        """The one line that says this build is missing and how to make it."""
        return (f"target {target_name}: Tcl {self.release} ({self.variant}) is not built "
                f"({self.tclsh()} is missing); build it: {self.build_command()}"
                + ("" if self.source is not None else
                   " (DIR holding that tarball), or: make tcl-builds TCL_SOURCES=DIR"))


def from_table(where, value):
    """The Build a targets.toml `tcl = {...}` value names; ConfigError when malformed."""
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: 'tcl' must be a table: {{ release = \"8.6.18\", "
                          "variant = \"default\" }")
    unknown = sorted(set(value) - {"release", "variant", "source", "sha256"})
    if unknown:
        raise ConfigError(f"{where}: tcl: unknown key '{unknown[0]}' (release, variant, source, sha256)")
    release, variant = value.get("release"), value.get("variant", "default")
    if not isinstance(release, str) or not RELEASE.fullmatch(release):
        raise ConfigError(f"{where}: tcl: release must be a Tcl patch level such as \"8.6.18\"")
    if variant not in VARIANTS:
        raise ConfigError(f"{where}: tcl: variant {variant!r} is not one of {', '.join(VARIANTS)}")
    if variant == "select" and not release.startswith("9."):
        raise ConfigError(f"{where}: tcl: variant select is for Tcl 9.x")
    if variant == "nothreads" and not release.startswith("8.6"):
        raise ConfigError(f"{where}: tcl: variant nothreads is for Tcl 8.6")
    source, sha = value.get("source"), value.get("sha256", "")
    if source is None:
        if sha:
            raise ConfigError(f"{where}: tcl: sha256 goes with source (a tarball of your own)")
        if not any(r == release for _, r, _ in sources()):
            raise ConfigError(f"{where}: tcl: release {release} has no tarball in "
                              f"{SOURCES.relative_to(paths.ROOT)}; name your own with source and sha256")
        return Build(release, variant)
    if not isinstance(sha, str) or not re.fullmatch(r"[0-9a-f]{64}", sha):
        raise ConfigError(f"{where}: tcl: source needs sha256 = \"...\" (64 hexadecimal digits, "
                          "as sha256sum prints it)")
    path = Path(source) if os.path.isabs(source) else paths.ROOT / source
    return Build(release, variant, path, sha)


def newest_tcl9():
    """The newest default-variant Tcl 9.0 build in the cache (a Build), or None."""
    found = []
    root = cache_root()
    if root.is_dir():
        for p in root.iterdir():
            m = re.fullmatch(r"tcl-(9\.0\.\d+)", p.name)
            if m and Build(m.group(1)).built():
                found.append(Build(m.group(1)))
    return max(found, key=lambda b: release_key(b.release)) if found else None
