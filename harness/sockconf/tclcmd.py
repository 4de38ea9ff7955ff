"""`sockconf tcl`: what the targets of harness/targets.toml need built (ci/gate.sh, the
Makefile and CI ask it, so no list of builds is kept anywhere else).

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
import subprocess
import sys
from pathlib import Path

from . import paths, targets, tclbuilds
from .errors import ConfigError

def _targets(names):
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
            b9 = tclbuilds.newest_tcl9()
            if b9 is None:
                return 1
            print(b9.tclsh().parent)
        elif args.command in ("builds", "build"):
            seen = []
            for t in _targets(args.targets):
                for b in tclbuilds.needed(t):
                    if b not in seen and not (getattr(args, "missing", False) and b.built()):
                        seen.append(b)
            for build in seen:
                if args.sources and build.source is None and \
                        not (Path(args.sources) / build.tarball_name()).is_file():
                    print(f"sockconf tcl: no {build.tarball_name()} in {args.sources} "
                          f"(Tcl {build.release})", file=sys.stderr)
                    return 2
            for build in seen:
                if args.command == "builds":
                    print("\t".join(build.build_args(args.sources)))
                    continue
                rc = subprocess.run(["sh", str(paths.ROOT / tclbuilds.BUILD_SCRIPT),
                                     *build.build_args(args.sources)]).returncode
                if rc != 0:
                    return rc
        elif args.command == "urls":
            files = []
            for t in _targets(args.targets):
                for b in tclbuilds.needed(t):
                    if b.source is None and b.tarball_name() not in files:
                        files.append(b.tarball_name())
            for f in files:
                urls = next(e[3] for e in tclbuilds._entries() if e[2] == f)
                print("\t".join([f, *urls]))
        elif args.command == "strict":
            chosen = _targets(args.targets)
            return 0 if chosen and len(chosen) == len(args.targets) and \
                all(t.strict_compat for t in chosen) else 1
        else:
            print(" ".join(make_goals(_targets(args.targets))))
        return 0
    except ConfigError as exc:
        print(f"sockconf tcl: {exc}", file=sys.stderr)
        return 2


