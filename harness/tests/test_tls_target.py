"""The prepare hook of targets.toml (run-time files for a target) and target tls's setup."""

import os
import shutil
import stat
import subprocess
import textwrap

import pytest
from conftest import ROOT
from sockconf import paths, targets
from sockconf.errors import ConfigError


def _targets(tmp_path, table):
    path = tmp_path / "targets.toml"
    path.write_text(textwrap.dedent(table), encoding="utf-8")
    return targets.load_all(path)


def _program(tmp_path, name, body):
    prog = tmp_path / name
    prog.write_text("#!/bin/sh\n" + textwrap.dedent(body), encoding="utf-8")
    prog.chmod(0o755)
    return prog


def test_prepare_runs_once_and_names_its_folder_in_env(tmp_path):
    prog = _program(tmp_path, "make.sh", f"""\
        echo made >> {tmp_path}/calls
        echo secret > "$1/file"
        """)
    t = _targets(tmp_path, f"""\
        [mine]
        command = ["tclsh8.6"]
        prepare = "{prog}"
        env = {{ MINE_DIR = "{{runtime}}", OTHER = "{{root}}/x" }}
        """)["mine"]
    first = t.environ(case="0101", profile="host")
    again = t.environ(case="0102", profile="dual")
    folder = first["MINE_DIR"]
    try:
        assert again["MINE_DIR"] == folder, "one folder per process, made once"
        assert (tmp_path / "calls").read_text() == "made\n", "the program ran once"
        assert open(os.path.join(folder, "file")).read() == "secret\n"
        assert os.path.basename(folder).startswith(f"sockconf-runtime-{os.getpid()}-")
        assert stat.S_IMODE(os.stat(folder).st_mode) == 0o755, "readable by the sandbox's user"
        assert t.expose == [paths.Path(folder)], "the folder is shown inside the sandbox"
        assert first["OTHER"] == f"{ROOT}/x"
    finally:
        paths.remove_tempdir(folder)


def test_a_failing_prepare_is_one_line_naming_the_program(tmp_path):
    prog = _program(tmp_path, "broken.sh", """\
        echo "noise" >&2
        echo "openssl is not installed" >&2
        exit 3
        """)
    t = _targets(tmp_path, f"""\
        [mine]
        command = ["tclsh8.6"]
        prepare = "{prog}"
        env = {{ MINE_DIR = "{{runtime}}" }}
        """)["mine"]
    with pytest.raises(ConfigError) as err:
        t.environ(case="0101", profile="host")
    text = str(err.value)
    assert "\n" not in text
    assert "broken.sh failed (exit status 3): openssl is not installed" in text


def test_runtime_without_prepare_and_a_bad_prepare_are_refused_when_loaded(tmp_path):
    with pytest.raises(ConfigError, match=r"names \{runtime\}, which needs a 'prepare' program"):
        _targets(tmp_path, """\
            [mine]
            command = ["tclsh8.6"]
            env = { MINE_DIR = "{runtime}" }
            """)
    with pytest.raises(ConfigError, match="'prepare' must be the path of a program"):
        _targets(tmp_path, """\
            [mine]
            command = ["tclsh8.6"]
            prepare = ["a", "b"]
            """)


def test_target_tls_lacks_what_tls_changes_by_nature():
    tls = targets.load_all()["tls"]
    assert sorted(tls.lacks) == ["half-close", "plain-stream"]
    assert tls.prepare == ROOT / "harness/tls/make-cert.sh"


@pytest.mark.skipif(shutil.which("openssl") is None or shutil.which("tclsh8.6") is None,
                    reason="ci/install-deps.sh installs openssl and tclsh8.6")
def test_tls_setup_is_idempotent_keeps_tcl_socket_and_hands_shake(tmp_path):
    subprocess.run([str(ROOT / "harness/tls/make-cert.sh"), str(tmp_path)], check=True, timeout=60)
    script = tmp_path / "check.tcl"
    script.write_text(textwrap.dedent(f"""\
        source {{{ROOT}/harness/tls/setup.tcl}}
        set first [info body ::socket]
        source {{{ROOT}/harness/tls/setup.tcl}}
        puts [expr {{[info body ::socket] eq $first}}]
        puts $::tls::socketCmd
        puts [llength [info commands ::sockconf_tls::tcp_socket]]
        set srv [socket -server {{apply {{{{c a p}} {{set ::accepted $c}}}}}} -myaddr 127.0.0.1 0]
        set c [socket 127.0.0.1 [lindex [chan configure $srv -sockname] 2]]
        vwait ::accepted
        foreach ch [list $c $::accepted] {{chan configure $ch -blocking 0 -buffering line}}
        puts $c hello
        set deadline [expr {{[clock milliseconds] + 5000}}]
        while {{[gets $::accepted line] < 0 && [clock milliseconds] < $deadline}} {{
            update
            after 5
        }}
        puts $line
        puts [dict get [tls::status $c] subject]
        exit 0
        """), encoding="utf-8")
    out = subprocess.run(["tclsh8.6", str(script)], capture_output=True, text=True, timeout=30,
                         env={**os.environ, "SOCKCONF_TLS_DIR": str(tmp_path)}, stdin=subprocess.DEVNULL)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split("\n")[:5] == ["1", "::sockconf_tls::tcp_socket", "1", "hello",
                                          "CN=localhost"]


def test_tls_setup_without_its_folder_is_a_clear_error():
    out = subprocess.run(["tclsh8.6", str(ROOT / "harness/tls/setup.tcl")], capture_output=True,
                         text=True, timeout=30, stdin=subprocess.DEVNULL,
                         env={k: v for k, v in os.environ.items() if k != "SOCKCONF_TLS_DIR"})
    assert out.returncode != 0
    assert "SOCKCONF_TLS_DIR is not set" in out.stderr


def test_every_tls_expectation_names_a_finding_that_exists_and_lists_its_case():
    """tls.toml's reasons cite spec/findings.yaml by id; the finding must exist, and a
    TclTLS finding (tls-...) must list the case among its own."""
    import re
    import tomllib
    from sockconf import findings
    known = {f["id"]: f for f in findings.load()["findings"]}
    doc = tomllib.loads((ROOT / "harness" / "expectations" / "tls.toml").read_text(encoding="utf-8"))
    cited = set()
    for case, entry in doc.items():
        for e in entry if isinstance(entry, list) else [entry]:
            ids = re.findall(r"spec/findings\.yaml\s+([a-z0-9-]+)", e["reason"].replace("\\\n", " "))
            for fid in ids:
                assert fid in known, f"{case}: no finding {fid}"
                if fid.startswith("tls-"):
                    assert case in known[fid]["cases"], f"{case} is not among {fid}'s cases"
                    cited.add(fid)
    tls_findings = {fid for fid in known if fid.startswith("tls-")}
    assert cited == tls_findings, "every TclTLS finding is the reason of an expectation"
    for fid in tls_findings:
        assert "tls" in known[fid]["observed"], f"{fid} records what tls did"
