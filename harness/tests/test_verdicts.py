"""Each verdict comes out of the runner for the behaviour that should cause it."""

import json
import time
import uuid

import pytest
from conftest import no_process_with
from sockconf import hermetic


def line_of(path, text):
    return next(i for i, ln in enumerate(path.read_text().splitlines(), 1) if text in ln)


def test_pass_fail_error_skip(suite):
    suite.add("0001", "passes", "assert_equal 1 1\nobserve answer 42\n")
    fails = suite.add("0002", "fails", "set x 1\nassert_equal 2 $x {x should be 2}\n")
    errors = suite.add("0003", "errors", "set y 1\nerror boom\n")
    suite.add("0004", "skips", "assert_equal 1 2\n", requires=("names",))
    proc = suite.run()
    assert proc.returncode == 1, proc.stdout + proc.stderr
    r = suite.by_case()
    assert r["0001"]["verdict"] == "pass"
    assert r["0001"]["observations"] == {"answer": "42"}
    assert r["0002"]["verdict"] == "fail"
    assert r["0002"]["line"] == str(line_of(fails, "assert_equal"))
    assert r["0002"]["expected"] == "2" and r["0002"]["actual"] == "1"
    assert "x should be 2" in r["0002"]["message"]
    assert r["0003"]["verdict"] == "error"
    assert "boom" in r["0003"]["message"]
    assert r["0003"]["line"] == str(line_of(errors, "error boom"))
    assert r["0004"]["verdict"] == "skip"
    assert r["0004"]["message"] == "requires names, which profile host does not offer"
    # the failure is shown with file:line and expected vs actual
    assert f"0002-fails.tcl:{line_of(fails, 'assert_equal')}: fail" in proc.stdout
    assert "expected: 2" in proc.stdout


def test_assert_error_checks_message_and_errorcode(suite):
    suite.add("0010", "code-mismatch",
              "assert_error -code {POSIX *} {wrong # args*} {socket}\n")
    suite.add("0011", "no-error", "assert_error {*} {set x 1}\n")
    suite.add("0012", "message-mismatch", "assert_error {nothing like it} {socket}\n")
    suite.add("0013", "matches", "assert_error -code {TCL WRONGARGS} {wrong # args*} {socket}\n")
    suite.run()
    r = suite.by_case()
    assert r["0010"]["verdict"] == "fail" and "-errorcode" in r["0010"]["message"]
    assert r["0011"]["verdict"] == "fail" and "did not raise" in r["0011"]["message"]
    assert r["0012"]["verdict"] == "fail"
    assert r["0013"]["verdict"] == "pass"


def test_background_error_and_failed_assertion_in_handler(suite):
    suite.add("0020", "bgerror", "after 0 {error {inner trouble}}\nvwait forever\n")
    suite.add("0021", "assert-in-handler", "after 0 {assert_equal a b}\nvwait forever\n")
    suite.run()
    r = suite.by_case()
    assert r["0020"]["verdict"] == "error"
    assert "inner trouble" in r["0020"]["message"]
    assert r["0021"]["verdict"] == "fail"


def test_hang_is_timeout_and_the_whole_group_is_killed(suite):
    marker = f"sockconf-selftest-{uuid.uuid4().hex}"
    suite.add("0030", "hangs", f"exec sh -c {{sleep 300; : {marker}}} &\nvwait forever\n", timeout=1)
    start = time.monotonic()
    suite.run()
    assert time.monotonic() - start < 30
    r = suite.by_case()["0030"]
    assert r["verdict"] == "timeout"
    assert no_process_with(marker), "a process of the timed-out case is still running"


def test_death_by_signal_is_crash(suite):
    suite.add("0040", "segv", "exec kill -SEGV [pid]\nafter 2000\n")
    suite.run()
    r = suite.by_case()["0040"]
    assert r["verdict"] == "crash"
    assert "SIGSEGV" in r["message"]


def test_exit_before_finishing_is_error(suite):
    suite.add("0050", "exits", "exit 0\n")
    suite.add("0051", "exits-nonzero-after-done", "rename exit real_exit\n"
              "proc ::exit {args} {real_exit 3}\n")
    suite.run()
    r = suite.by_case()
    assert r["0050"]["verdict"] == "error"
    assert "before the case finished" in r["0050"]["message"]
    assert r["0051"]["verdict"] == "crash"
    assert "status 3 after the case finished" in r["0051"]["message"]


def test_stdout_cannot_forge_a_result_and_output_is_bounded(suite):
    forged = json.dumps({"t": "done"})
    suite.add("0060", "forge", f"puts {{{forged}}}\nputs {{{json.dumps({'t': 'skip', 'reason': 'x'})}}}\n"
              "assert_equal 1 2\n")
    suite.add("0061", "flood", "set s [string repeat x 65536]\n"
              "while 1 {puts $s; puts stderr $s}\n", timeout=2)
    suite.run()
    r = suite.by_case()
    assert r["0060"]["verdict"] == "fail"
    assert r["0061"]["verdict"] == "timeout"
    assert len(r["0061"]["stdout"]) < 20000 and "more bytes not kept" in r["0061"]["stdout"]
    assert len(r["0061"]["stderr"]) < 20000


def test_wait_helpers_fail_on_timeout(suite):
    suite.add("0070", "wait-for", "wait_for ::never 100\n")
    suite.add("0071", "wait-until", "wait_until {0} 100\n")
    suite.add("0072", "wait-event", "set srv [socket -server {apply {args {}}} -myaddr 127.0.0.1 0]\n"
              "set c [socket 127.0.0.1 [lindex [chan configure $srv -sockname] 2]]\n"
              "wait_event $c readable 100\n", requires=("ipv4",))
    suite.run()
    r = suite.by_case()
    for cid in ("0070", "0071", "0072"):
        assert r[cid]["verdict"] == "fail", r[cid]
        assert "timed out" in r[cid]["message"]


def test_unmet_requirement_is_skip_with_reason(suite, monkeypatch):
    suite.add("0080", "needs-names", "assert_equal 1 2\n", requires=("names",))
    proc = suite.run()
    assert proc.returncode == 0, proc.stdout
    r = suite.by_case()["0080"]
    assert r["verdict"] == "skip"
    assert "requires names" in r["message"]


@pytest.mark.skipif(not hermetic.active(), reason="needs root and unshare for the files-only resolver")
def test_cases_see_a_files_only_resolver(suite):
    suite.add("0090", "resolver", """
        set f [open /etc/nsswitch.conf]
        set hosts [lsearch -inline -regexp [split [read $f] \\n] {^\\s*hosts\\s*:}]
        close $f
        assert_equal {hosts: files} $hosts
    """)
    proc = suite.run()
    assert proc.returncode == 0, proc.stdout
    assert suite.by_case()["0090"]["verdict"] == "pass"
    assert suite.results()["resolver"] == "files-only"


def test_includes_are_sourced_before_the_case(suite, tmp_path):
    suite.add("0095", "uses-include", """
        assert_equal 1 [llength [info procs pending_connect]]
    """, includes=("pending.tcl",))
    proc = suite.run()
    assert proc.returncode == 0, proc.stdout
    assert suite.by_case()["0095"]["verdict"] == "pass"
