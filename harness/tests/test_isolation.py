"""Items cannot touch each other: a forging item cannot change another item's verdict,
and an item sees neither another item's processes nor its files (issue 15).

As root every interpreter runs in a sandbox of its own (sockconf-launch --sandbox:
own /proc, own /tmp, read-only filesystem, capabilities dropped) and reports over
a pipe no other item can name. The first test shows, at the launcher's level, that
the forging attack works on two items run without the sandbox - so the end-to-end
tests below could fail - and that it does not with it.
"""

import json
import os
import textwrap
import time

import pytest
from conftest import ROOT, copy_checkout
from sockconf import launch, model, runner

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="the sandbox needs root (without "
                                "root, items are not isolated: spec/INTERPRETING.md section 8)")

PASS_RECORD = '{"t":"done","checks":"0"}'

# Tcl run inside the attacking item: for SECONDS, take over every side channel of a
# victim process it can reach (a pipe the victim holds, /proc/PID/fd/N): drain what is
# in it (the victim's fail record) and write a pass record. Only processes whose
# command line names VICTIM (this test's own victim case) are attacked, so that an
# attack that does get out never touches anything else on the machine.
ATTACK = textwrap.dedent("""\
    proc ::attack_once {victim} {
        set hits 0
        foreach dir [glob -nocomplain /proc/\\[0-9\\]*] {
            if {$dir eq "/proc/[pid]" || [catch {open $dir/cmdline rb} f]} continue
            set cmd [read $f]
            close $f
            if {![string match *$victim* $cmd]} continue
            foreach link [glob -nocomplain $dir/fd/*] {
                if {[catch {file readlink $link} to] || ![string match pipe:* $to]} continue
                if {![catch {open $link {RDONLY NONBLOCK}} i]} {
                    catch {read $i}
                    catch {close $i}
                }
                if {![catch {set o [open $link {WRONLY NONBLOCK}]; puts $o {%(pass)s}; close $o}]} {
                    incr hits
                }
            }
        }
        return $hits
    }
    proc ::attack {victim seconds} {
        set end [expr {[clock milliseconds] + 1000 * $seconds}]
        set hits 0
        while {[clock milliseconds] < $end} {
            incr hits [::attack_once $victim]
            after 20
        }
        return $hits
    }
""") % {"pass": PASS_RECORD}


def test_the_attack_forges_a_verdict_without_the_sandbox_and_not_with_it(tmp_path):
    """Two interpreters at once, as two xdist workers run them: the victim fails
    after 1.5 s; the attacker attacks for 3 s. Without a sandbox the victim's
    channel ends up without its fail record (a pass for the judge); in sandboxes
    the victim fails and the attacker reaches nothing."""
    attack = tmp_path / "attack.tcl"
    victim_case = _victim_case(tmp_path)
    attack.write_text(ATTACK + f"puts [::attack {{{victim_case}}} 3]\n", encoding="utf-8")

    def pair(sandboxed):
        box = launch.Sandbox() if sandboxed else False
        victim = launch.Launch([], timeout_s=20, sandbox=box, channels=("report",))
        victim.argv = ["tclsh8.6", str(ROOT / "harness/tcl/driver.tcl"), victim.channel_path("report"),
                       str(victim_case)]
        attacker = launch.Launch(["tclsh8.6", str(attack)], timeout_s=20, sandbox=box)
        victim.start()
        time.sleep(0.2)
        attacker.start()
        got = victim.wait()
        hits = attacker.wait().stdout.strip()
        records, problem = runner.read_report(bytes(got.channels["report"].kept))
        verdict = model.raw_verdict(records, got.returncode, got.timed_out, 20, got.stderr, problem)[0]
        return verdict, hits

    assert pair(sandboxed=False) != ("fail", "0"), "the attack should reach an unsandboxed victim"
    verdict, hits = pair(sandboxed=True)
    assert (verdict, hits) == ("fail", "0")


def _victim_case(tmp_path):
    path = tmp_path / "cases" / "area" / "0002-victim.tcl"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_case("0002", "after 1500\nassert_equal 1 2 {the victim fails}\n"), encoding="utf-8")
    return path


def _case(case_id, body, timeout=10):
    return (f"# ---\n# id: {case_id}\n# title: isolation self-test {case_id}\n"
            f"# clauses: [args.wrong-count]\n# timeout: {timeout}\n# ---\n{body}")


def test_a_forging_target_cannot_change_another_items_verdict(suite, tmp_path):
    """A target's setup script that attacks from the item of case 0003 while case
    0002, on the other worker, fails: 0002 is still fail and the run exits 1."""
    setup = tmp_path / "forge.tcl"
    victim = suite.add("0002", "victim", "after 2000\nassert_equal 1 2 {the victim fails}\n")
    setup.write_text(ATTACK + "if {[info exists ::sockconf::case] && [string match *0003-* $::sockconf::case]} {\n"
                     f"    observe hits [::attack {{{victim}}} 4]\n}}\n", encoding="utf-8")
    suite.add("0003", "attacker", "assert 1\n")
    r = suite.run("--target", f"evil=tclsh8.6,setup={setup}", "--jobs", "2")
    by = suite.by_case()
    assert by["0002"]["verdict"] == "fail", by["0002"]
    assert by["0003"]["observations"]["hits"] == "0", by["0003"]
    assert r.returncode == 1, r.stdout + r.stderr


def test_an_item_sees_neither_another_items_processes_nor_its_files(suite):
    """0004 keeps a marked helper process and a marked file in its /tmp, /var/tmp
    and /dev/shm for 3 s; 0005, at the same time on the other worker, looks for
    them in /proc and those folders, and cannot write into the checkout."""
    suite.add("0004", "holder", textwrap.dedent("""\
        foreach d {/tmp /var/tmp /dev/shm} {
            set f [open $d/isolation-marker-0004 w]; puts $f secret; close $f
        }
        set pid [exec sleep 3 &]
        after 3000
        assert 1
    """))
    suite.add("0005", "looker", textwrap.dedent(f"""\
        after 500
        set seen {{}}
        foreach dir [glob -nocomplain /proc/\\[0-9\\]*] {{
            if {{![catch {{open $dir/cmdline rb}} f]}} {{
                set cmd [read $f]; close $f
                if {{[string match *0004-holder* $cmd] || [string match "sleep*3*" $cmd]}} {{
                    lappend seen $dir
                }}
            }}
        }}
        foreach d {{/tmp /var/tmp /dev/shm}} {{
            lappend seen {{*}}[glob -nocomplain $d/isolation-marker-*]
        }}
        assert_equal {{}} $seen {{another item's processes and files are out of sight}}
        assert {{[llength [glob -nocomplain /proc/\\[0-9\\]*]] < 10}} {{only its own processes}}
        assert_error {{*}} {{open {ROOT}/isolation-probe w}}
        assert_error {{*}} {{open [file dirname [info script]]/isolation-probe w}}
    """))
    r = suite.run("--jobs", "2", "-k", "0004 or 0005")
    by = suite.by_case()
    assert by["0004"]["verdict"] == "pass", by["0004"]
    assert by["0005"]["verdict"] == "pass", by["0005"]
    assert r.returncode == 0, r.stdout + r.stderr
    assert not (ROOT / "isolation-probe").exists()


def test_results_say_how_each_target_was_isolated(suite):
    suite.add("0002", "plain", "assert 1\n")
    r = suite.run("-k", "0002")
    assert r.returncode == 0, r.stderr
    iso = suite.results()["targets"]["tclsh8.6"]["isolation"]
    assert iso["sandbox"] is True, iso
    # the case folder is the test's (pytest's folders are not readable by others)
    assert iso["user"].startswith(("root", "an unprivileged uid")), iso
    json.dumps(iso)


def test_where_the_files_are_readable_by_others_items_run_as_an_unprivileged_uid(tmp_path):
    """A copy of the harness, cases and refsock in folders others may read: the
    interpreters run as an unprivileged uid of their own (not 0), may still bind a port
    below 1024 (case 0213 binds port 1), and results.json says so."""
    import shutil
    import subprocess
    import tempfile
    from pathlib import Path
    top = Path(tempfile.mkdtemp(prefix="sockconf-uid-", dir="/var/tmp"))
    try:
        top.chmod(0o755)
        tree = copy_checkout(top / "tree", builds=("ref",))
        whoami = tree / "cases" / "area"
        whoami.mkdir()
        (whoami / "0999-uid.tcl").write_text(_case("0999", "assert {[exec id -u] != 0} {not root}\n"))
        for p in [tree, *tree.rglob("*")]:
            if not p.is_symlink():
                p.chmod(0o755 if p.is_dir() or os.access(p, os.X_OK) else 0o644)
        out = top / "out"
        proc = subprocess.run([str(tree / "sockconf"), "run", "--target", "tclsh8.6", "--target", "ref",
                               "--profile", "host", "-k", "0213 or 0101 or 0999", "--out", str(out)],
                              capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
        assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr
        doc = json.loads((out / "results.json").read_text())
        for t in ("tclsh8.6", "ref"):
            assert doc["targets"][t]["isolation"]["user"] == "an unprivileged uid of its own", doc["targets"][t]
        got = {(r["case"], r["target"]): r["verdict"] for r in doc["results"]}
        assert set(got.values()) == {"pass"} and len(got) == 6, got
    finally:
        shutil.rmtree(top, ignore_errors=True)


def test_a_case_folder_under_tmp_reached_through_a_symlink_runs(suite, tmp_path):
    """The sandbox's /tmp is its own: a case folder (or a link to one) in the host's
    /tmp is shown at its resolved path, so the case and a helper beside it are there."""
    helper = suite.dir / "area" / "helper.tcl"
    suite.add("0002", "beside", "source [file join [file dirname [info script]] helper.tcl]\n"
              "assert_equal 42 $::answer\n")
    helper.write_text("set ::answer 42\n")
    link = tmp_path / "link"
    link.symlink_to(suite.dir)
    import subprocess
    proc = subprocess.run([str(ROOT / "sockconf"), "run", "--cases", str(link), "--out", str(suite.out),
                           "--profile", "host"], capture_output=True, text=True, timeout=60,
                          stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert suite.by_case()["0002"]["verdict"] == "pass"
