"""Tcl built from source as targets: ci/build-tcl.sh, harness/sockconf/tclbuilds.py,
the targets.toml tables that use them, and the version probe that refuses what is not
Tcl 8.6 or 9.x with socket and chan.

Nothing here builds a Tcl (1-2 minutes each): the builds .ci/run made are proven, when
they are there, and the proof is shown to fail for the wrong variant.
"""

import os
import subprocess

import pytest

from conftest import ROOT
from sockconf import tclbuilds, targets
from sockconf.errors import ConfigError

BUILD = ROOT / "ci" / "build-tcl.sh"


def build_tcl(*args, env=None):
    return subprocess.run(["sh", str(BUILD), *map(str, args)], capture_output=True, text=True,
                          timeout=60, stdin=subprocess.DEVNULL,
                          env=None if env is None else {**os.environ, **env})


@pytest.mark.parametrize("args, says", [
    ((), "usage"),
    (("/nonexistent.tar.gz",), "no tarball at /nonexistent.tar.gz"),
    ((ROOT / "README.md",), "is not in ci/tcl-sources.txt"),
    (("--sha256", "abc", ROOT / "README.md"), "64 hexadecimal digits"),
    (("--sha256", "0" * 64, ROOT / "README.md"), "not the " + "0" * 64),
    (("--prefix", "8.6.18", "select"), "variant select is for Tcl 9.x"),
    (("--prefix", "9.0.4", "nothreads"), "variant nothreads is for Tcl 8.6"),
    (("--prefix", "9.0.4", "epoll"), "unknown variant 'epoll'"),
])
def test_bad_usage_is_one_line_and_exit_2(args, says):
    proc = build_tcl(*args)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and says in lines[0], proc.stderr


@pytest.mark.parametrize("release, variant, sha", [
    ("8.6.13", "default", ""), ("8.6.18", "nothreads", ""), ("9.0.4", "select", ""),
    ("8.6.18", "default", "ab" * 32),
])
def test_the_script_and_the_harness_agree_on_each_prefix(tmp_path, release, variant, sha):
    env = {"SOCKCONF_CACHE": str(tmp_path)}
    proc = build_tcl("--prefix", release, variant, *([sha] if sha else []), env=env)
    assert proc.returncode == 0, proc.stderr
    os.environ["SOCKCONF_CACHE"] = str(tmp_path)
    try:
        b = tclbuilds.Build(release, variant, *((ROOT / "x.tar.gz", sha) if sha else ()))
        assert proc.stdout.strip() == str(b.prefix())
    finally:
        del os.environ["SOCKCONF_CACHE"]
    assert proc.stdout.strip().endswith(
        f"tcl-{release}" + ("" if variant == "default" else f"-{variant}") + (f"+{sha[:12]}" if sha else ""))


BUILT = [(r, v) for r, v in (("8.6.13", "default"), ("8.6.18", "nothreads"), ("9.0.4", "default"),
                              ("9.0.4", "select")) if tclbuilds.Build(r, v).built()]


@pytest.mark.skipif(not BUILT, reason="no Tcl built by ci/build-tcl.sh here (make tcl-builds)")
@pytest.mark.parametrize("release, variant", BUILT)
def test_a_build_is_proven_its_variant_and_not_another(release, variant):
    prefix = tclbuilds.Build(release, variant).prefix()
    assert build_tcl("--prove", prefix, release, variant).returncode == 0
    wrong = {"default": "select" if release.startswith("9") else "nothreads",
             "select": "default", "nothreads": "default"}[variant]
    proc = build_tcl("--prove", prefix, release, wrong)
    assert proc.returncode == 1
    assert ("epoll" in proc.stderr) if release.startswith("9") else ("TCL_THREADS" in proc.stderr)
    assert build_tcl("--prove", prefix, "8.6.99" if release.startswith("8") else "9.0.99",
                     variant).returncode == 1


@pytest.mark.parametrize("value, says", [
    ({"release": "8.6.18", "variant": "epoll"}, "variant 'epoll' is not one of"),
    ({"release": "8.6.18", "variant": "select"}, "select is for Tcl 9.x"),
    ({"release": "9.0.4", "variant": "nothreads"}, "nothreads is for Tcl 8.6"),
    ({"release": "8.6.99"}, "has no tarball in ci/tcl-sources.txt"),
    ({"release": "8.6.18", "source": "x.tar.gz"}, "source needs sha256"),
    ({"release": "8.6.18", "sha256": "ab" * 32}, "sha256 goes with source"),
    ({"release": "8.6.18", "frob": 1}, "unknown key 'frob'"),
    ("8.6.18", "must be a table"),
])
def test_a_malformed_tcl_table_is_refused(value, says):
    with pytest.raises(ConfigError) as err:
        tclbuilds.from_table("t", value)
    assert says in str(err.value)


def test_release_targets_come_from_their_table_and_the_one_they_are_like():
    known = targets.load_all()
    t = known["tclsh8.6.18-nothreads"]
    assert t.build == tclbuilds.Build("8.6.18", "nothreads")
    assert t.command == [str(tclbuilds.Build("8.6.18", "nothreads").tclsh())]
    assert t.expectations_file == known["tclsh8.6"].expectations_file
    r = known["ref-9.0.4-select"]
    assert r.setup == known["ref9"].setup and r.env == known["ref9"].env
    assert not r.strict_compat and r.compat_of == "tclsh9.0.4-select"
    assert known["ref-8.6.16"].strict_compat and known["ref-8.6.16"].compat_of is None
    assert r.command[0].endswith("tcl-9.0.4-select/bin/tclsh9.0")


def test_a_missing_build_names_the_command_that_builds_it(tmp_path, monkeypatch):
    monkeypatch.setenv("SOCKCONF_CACHE", str(tmp_path))
    t = targets.load_all()["tclsh8.6.18-nothreads"]
    with pytest.raises(ConfigError) as err:
        t.resolved_command()
    msg = str(err.value)
    assert "\n" not in msg
    assert "ci/build-tcl.sh DIR/tcl8.6_8.6.18+dfsg.orig.tar.gz nothreads" in msg
    assert "make tcl-builds TCL_SOURCES=DIR" in msg


def test_a_tcl_of_ones_own_is_one_table(tmp_path):
    toml = tmp_path / "targets.toml"
    toml.write_text(f'mine = {{ like = "tclsh8.6", tcl = {{ release = "8.6.18", source = "/src/tcl.tar.gz", '
                    f'sha256 = "{"cd" * 32}" }} }}\n["tclsh8.6"]\ncommand = ["tclsh8.6"]\n', encoding="utf-8")
    mine = targets.load_all(toml)["mine"]
    assert mine.build.label == "8.6.18+" + "cd" * 6
    assert mine.build.build_args() == ["--sha256", "cd" * 32, "/src/tcl.tar.gz"]


def test_the_builds_ci_makes_are_those_the_targets_need():
    out = subprocess.run([str(ROOT / "sockconf"), "tcl", "builds"], capture_output=True, text=True)
    lines = sorted(tuple(line.split("\t")) for line in out.stdout.splitlines())
    assert ("tcl9.0_9.0.4+dfsg.orig.tar.gz", "select") in lines
    assert ("tcl8.6_8.6.18+dfsg.orig.tar.gz", "nothreads") in lines
    assert ("tcl8.6_8.6.13+dfsg.orig.tar.gz",) in lines
    assert len(lines) == len(set(lines)) == 6
    missing = subprocess.run([str(ROOT / "sockconf"), "tcl", "builds", "--sources", "/nonexistent"],
                             capture_output=True, text=True)
    assert missing.returncode == 2 and "in /nonexistent (Tcl " in missing.stderr


# ---------------------------------------------------------------- the version probe

@pytest.mark.parametrize("setup, says", [
    ("rename chan {}\n", "has no 'chan' command"),
    ("rename chan {}\nrename socket {}\n", "has no 'socket' and no 'chan' command"),
    ("rename info tcl_info\nproc info {what args} {\n"
     "    if {$what eq {patchlevel}} { return 0.81 }\n"
     "    uplevel 1 [list tcl_info $what {*}$args]\n}\n", "version 0.81; the suite needs Tcl 8.6 or 9.x"),
])
def test_the_probe_refuses_what_the_cases_cannot_run_on(tmp_path, setup, says):
    """Jim Tcl 0.81 answers the probe, then every case is an error (invalid command name
    "chan"): a setup script that takes chan away, or answers another version, stands for it."""
    script = tmp_path / "jim-like.tcl"
    script.write_text(setup, encoding="utf-8")
    proc = subprocess.run([str(ROOT / "sockconf"), "run", "--target", f"jim=tclsh8.6,setup={script}",
                           "-k", "0801", "--profile", "host", "--out", str(tmp_path / "out")],
                          capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and says in lines[0], proc.stderr
    assert not (tmp_path / "out" / "results.json").exists()


def test_an_unknown_key_is_refused_and_names_the_one_line_pitfall(tmp_path):
    toml = tmp_path / "targets.toml"
    toml.write_text('["tclsh8.6"]\ncommand = ["tclsh8.6"]\n'
                    'mine = { like = "tclsh8.6", tcl = { release = "8.6.18" } }\n', encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        targets.load_all(toml)
    assert "unknown key 'mine'" in str(err.value) and "before the first one" in str(err.value)


def test_a_listed_tarball_named_as_a_source_builds_into_the_listed_prefix():
    sha = next(s for s, r, _ in tclbuilds.sources() if r == "8.6.18")
    b = tclbuilds.Build("8.6.18", "default", ROOT / "x.tar.gz", sha)
    assert b.label == "8.6.18"
