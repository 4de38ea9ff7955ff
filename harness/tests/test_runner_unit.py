"""Unit tests of the runner's pure parts: verdict judgement and environment merging."""

from sockconf.model import raw_verdict as judge
from sockconf.runner import merged_env


def test_ld_preload_lists_are_joined_not_replaced():
    env = merged_env({"PATH": "/bin"}, {"LD_PRELOAD": "/a/libasan.so"},
                     {"LD_PRELOAD": "/b/libfault.so", "X": "1"})
    assert env["LD_PRELOAD"] == "/a/libasan.so /b/libfault.so"
    assert env["PATH"] == "/bin" and env["X"] == "1"
    assert "LD_PRELOAD" not in merged_env({"PATH": "/bin"}, {})


def test_first_terminal_record_decides():
    records = [{"t": "start"}, {"t": "fail", "message": "first", "expected": "1", "actual": "2"},
               {"t": "error", "message": "second"}, {"t": "done"}]
    verdict, message, extra = judge(records, 0, False, 5)
    assert verdict == "fail" and message.startswith("first")
    assert extra["expected"] == "1"


def test_process_end_overrides_records():
    done = [{"t": "start"}, {"t": "done"}]
    assert judge(done, 0, False, 5)[0] == "pass"
    assert judge(done, 0, True, 5)[0] == "timeout"
    assert judge(done, -11, False, 5)[0] == "crash"
    assert judge(done, 1, False, 5)[0] == "crash"
    assert judge([{"t": "start"}], 0, False, 5)[0] == "error"
    assert judge([], 127, False, 5, "tclsh: not found")[1].endswith("tclsh: not found")
