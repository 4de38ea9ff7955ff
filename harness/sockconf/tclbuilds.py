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

    sockconf tcl tcl9             the bin/ of the newest default Tcl 9.0 build
    sockconf tcl builds [--sources DIR] [TARGET...]
                                                   ci/build-tcl.sh's arguments for each build the
                                                   targets need (all targets: every build; a target
                                                   running tclsh9.0 from PATH needs the newest listed
                                                   Tcl 9.0), one line each, tab-separated
    sockconf tcl urls [TARGET...]  the listed tarballs they need and where CI
                                                   fetches each (FILE, then its URLs, tab-separated)
    sockconf tcl build --sources DIR [TARGET...]
                                                   run ci/build-tcl.sh for each of those builds
                                                   (one at a time; a build already made is kept)
    sockconf tcl make-goals TARGET...
                                                   the reference-impl builds (make goals) they need
    sockconf tcl strict TARGET... exit 0 when each is strict_compat = true
A name that is NAME=CMD (a --target of one's own) needs nothing and is not strict.
"""

import argparse
import os
import re
import subprocess
import sys
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


def _targets(names):
    from . import targets
    known = targets.load_all()
    if not names:
        return list(known.values())
    names = [n for n in names if "=" not in n]
    bad = [n for n in names if n not in known]
    if bad:
        raise ConfigError(f"unknown target '{bad[0]}' (known: {', '.join(known)})")
    return [known[n] for n in names]


def make_goals(target_list):
    """The reference-impl builds the targets need: the folder of their `needs`
    (reference-impl/build/VARIANT/...) is the make goal."""
    goals = []
    for t in target_list:
        if t.needs is None:
            continue
        try:
            rel = Path(t.needs).resolve().relative_to((paths.ROOT / "reference-impl" / "build").resolve())
        except ValueError:
            continue
        if rel.parts and rel.parts[0] not in goals:
            goals.append(rel.parts[0])
    return goals


def main(argv=None):
    ap = argparse.ArgumentParser(prog="sockconf tcl")
    sub = ap.add_subparsers(dest="command", required=True)
    sub.add_parser("tcl9", help="the bin/ folder of the newest default Tcl 9.0 build")
    b = sub.add_parser("builds", help="ci/build-tcl.sh arguments for the builds targets need")
    b.add_argument("--sources", metavar="DIR", help="the folder of the listed tarballs")
    b.add_argument("--missing", action="store_true", help="only builds not made yet")
    b.add_argument("targets", nargs="*")
    u = sub.add_parser("urls", help="FILE and its URLs (tab-separated) of each tarball targets need")
    u.add_argument("targets", nargs="*")
    bb = sub.add_parser("build", help="run ci/build-tcl.sh for the builds targets need")
    bb.add_argument("--sources", metavar="DIR", required=True, help="the folder of the listed tarballs")
    bb.add_argument("targets", nargs="*")
    g = sub.add_parser("make-goals", help="the reference-impl builds (make goals) targets need")
    g.add_argument("targets", nargs="*")
    st = sub.add_parser("strict", help="exit 0 when every target named is held to strict compatibility")
    st.add_argument("targets", nargs="+")
    args = ap.parse_args(argv)
    try:
        if args.command == "tcl9":
            b9 = newest_tcl9()
            if b9 is None:
                return 1
            print(b9.tclsh().parent)
        elif args.command in ("builds", "build"):
            seen = []
            for t in _targets(args.targets):
                for b in needed(t):
                    if b not in seen and not (getattr(args, "missing", False) and b.built()):
                        seen.append(b)
            for build in seen:
                if args.sources and build.source is None and \
                        not (Path(args.sources) / build.tarball_name()).is_file():
                    print(f"sockconf.tclbuilds: no {build.tarball_name()} in {args.sources} "
                          f"(Tcl {build.release})", file=sys.stderr)
                    return 2
            for build in seen:
                if args.command == "builds":
                    print("\t".join(build.build_args(args.sources)))
                    continue
                rc = subprocess.run(["sh", str(paths.ROOT / BUILD_SCRIPT),
                                     *build.build_args(args.sources)]).returncode
                if rc != 0:
                    return rc
        elif args.command == "urls":
            files = []
            for t in _targets(args.targets):
                for b in needed(t):
                    if b.source is None and b.tarball_name() not in files:
                        files.append(b.tarball_name())
            for f in files:
                urls = next(e[3] for e in _entries() if e[2] == f)
                print("\t".join([f, *urls]))
        elif args.command == "strict":
            chosen = _targets(args.targets)
            return 0 if chosen and len(chosen) == len(args.targets) and \
                all(t.strict_compat for t in chosen) else 1
        else:
            print(" ".join(make_goals(_targets(args.targets))))
        return 0
    except ConfigError as exc:
        print(f"sockconf.tclbuilds: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    # the module as sockconf.targets imports it, so that its Builds and ours are one class
    from sockconf import tclbuilds
    sys.exit(tclbuilds.main())
