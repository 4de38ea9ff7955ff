"""Self-tests of the differential explorer (sockconf.explore, sockconf.explore_grammar).

The generator is deterministic per seed; the minimiser shrinks a planted difference to the
steps that matter; a deliberately broken target (a setup script that makes `socket` ignore
-async, a plausible wrong implementation) is told apart from pristine tclsh8.6 and the
difference is written as a candidate case that parses, passes on the pristine target and
fails on the broken one; budget and time limit hold. Host profile only, a few seconds each.
"""

import json

import pytest

from sockconf import casefile, cli, explore, profiles, runner, spec, targets
from sockconf import explore_grammar as grammar
from sockconf.errors import ConfigError

PROFILES = list(profiles.REGISTRY)

IGNORES_ASYNC = """\
# A broken socket: -async is ignored, the connect is made in the foreground.
rename ::socket ::sockconf_test_socket
proc ::socket {args} {
    set i [lsearch -exact $args -async]
    if {$i >= 0 && [lsearch -exact $args -server] < 0} {
        set args [lreplace $args $i $i]
    }
    uplevel 1 [list ::sockconf_test_socket {*}$args]
}
"""

PEERNAME_BROKEN = """\
# A broken fconfigure: -peername answers nonsense (chan configure is left alone).
rename ::fconfigure ::sockconf_test_fconfigure
proc ::fconfigure {args} {
    if {[lindex $args 1] eq "-peername"} {return broken}
    uplevel 1 [list ::sockconf_test_fconfigure {*}$args]
}
"""


def explore_args(tmp_path, *extra):
    known = tmp_path / "known.yaml"
    if not known.exists():
        known.write_text("known: []\nruns: []\n")
    return cli.build_parser().parse_args(
        ["explore", "--out", str(tmp_path / "out"), "--known", str(known), "--profile", "host", *extra])


def broken_target(tmp_path, name, text):
    setup = tmp_path / f"{name}.tcl"
    setup.write_text(text)
    return f"{name}=tclsh8.6,setup={setup}"


def test_generator_is_deterministic_per_seed():
    one = [grammar.render(grammar.generate(7, i, PROFILES)) for i in range(20)]
    again = [grammar.render(grammar.generate(7, i, PROFILES)) for i in range(20)]
    other = [grammar.render(grammar.generate(8, i, PROFILES)) for i in range(20)]
    assert one == again, "same seed, same programs"
    assert one != other, "another seed, other programs"
    alone = grammar.render(grammar.generate(7, 13, PROFILES))
    assert alone == one[13], "program I depends on the seed and I only, not on the others drawn"
    assert len({grammar.generate(7, i, PROFILES).profile for i in range(60)}) >= 5, "every profile is drawn"


def test_every_program_is_a_case_the_harness_accepts(tmp_path):
    registry = spec.load()
    kinds = set()
    for i in range(150):
        program = grammar.generate(3, i, PROFILES)
        path = tmp_path / "0001-explore.tcl"
        path.write_text(grammar.render(program))
        case = casefile.parse(path, registry)
        assert case.profiles == [program.profile]
        assert set(case.params) <= {p for p in program.params}
        kinds |= {s.op.split(" @")[0].split()[0] for s in program.steps}
    assert {"server", "client", "client-async", "configure", "configure-set", "puts", "gets",
            "close", "wait", "event"} <= kinds


def test_ddmin_finds_the_one_minimal_subset():
    def needs(subset):
        return {2, 5} <= set(subset)
    kept, tests, finished = explore.ddmin(list(range(10)), needs)
    assert kept == [2, 5] and finished and tests < 40
    kept, tests, finished = explore.ddmin(list(range(10)), needs, max_tests=3)
    assert not finished and tests == 3 and {2, 5} <= set(kept)


def test_the_minimiser_shrinks_a_planted_difference_to_its_steps(tmp_path):
    chosen = targets.select(["tclsh8.6", broken_target(tmp_path, "badpeer", PEERNAME_BROKEN)])
    S = grammar.Step
    steps = [
        S("s1", "server", "set ::srv1 [socket -server xacc_keep -myaddr 127.0.0.1 0]; "
                          "set ::p1 [lindex [chan configure $::srv1 -sockname] 2]; set ::srv1"),
        S("s2", "channel count", "llength [chan names sock*]"),
        S("s3", "client", "set ::c1 [socket 127.0.0.1 $::p1]"),
        S("s4", "wait 20", "xwait s4 20"),
        S("s5", "configure -sockname", "chan configure $::srv1 -sockname"),
        S("s6", "configure -peername", "fconfigure $::c1 -peername"),
        S("s7", "puts", "puts $::c1 line; flush $::c1"),
        S("s8", "wait 20", "xwait s8 20"),
        S("end", "end", "llength [chan names sock*]"),
    ]
    program = grammar.Program(0, 0, "host", steps, requires=["ipv4"],
                              setup="set ::xfree [free_port 127.0.0.1]\nset ::xfd0 [xfds]\n")
    worker = explore.Worker("xt", chosen)
    try:
        recs = worker.run(program)
        diffs = explore.differences(program, recs["tclsh8.6"], recs["badpeer"])
        assert [d.key for d in diffs] == ["s6"], diffs
        kept, tests, finished = explore.minimise(worker, program, ("tclsh8.6", "badpeer"), diffs[0],
                                                 deadline=None)
    finally:
        worker.close()
    assert [s.key for s in kept] == ["s1", "s3", "s6", "end"], "server, client, query: nothing else"
    assert finished and tests <= explore.MAX_TESTS


def test_a_broken_target_is_found_and_its_candidate_fails_there_only(tmp_path):
    broken = broken_target(tmp_path, "noasync", IGNORES_ASYNC)
    args = explore_args(tmp_path, "--seed", "1", "--budget", "12", "--time-limit", "200",
                        "--target", "tclsh8.6", "--target", broken)
    assert explore.cmd_explore(args) == 1, "new differences: exit status 1"
    doc = json.loads((tmp_path / "out" / "explore.json").read_text())
    assert doc["programs"]["run"] == 12 and doc["counts"]["new"] >= 1
    new = [d for d in doc["differences"] if not d["known"] and not d["flaky"]]
    assert all(d["pair"] == "tclsh8.6|noasync" for d in new)
    first = new[0]
    assert first["minimised"]["to"] <= first["minimised"]["from"]
    path = tmp_path / "out" / first["candidate"]
    text = path.read_text()
    assert "--seed 1 --program" in text and "assert_equal" in text
    case = casefile.parse(path, spec.load())
    ctx = profiles.REGISTRY["host"].start("xc")
    try:
        verdicts = {t.name: runner.run_case(case, t, ctx).verdict
                    for t in targets.select(["tclsh8.6", broken])}
    finally:
        ctx.close()
    assert verdicts == {"tclsh8.6": "pass", "noasync": "fail"}
    page = (tmp_path / "out" / "explore.html").read_text()
    assert first["candidate"] in page


def test_budget_and_time_limit_hold(tmp_path):
    args = explore_args(tmp_path, "--seed", "2", "--budget", "3", "--target", "tclsh8.6",
                        "--target", "tclsh8.6x=tclsh8.6")
    assert explore.cmd_explore(args) == 0, "the same interpreter twice: nothing new"
    doc = json.loads((tmp_path / "out" / "explore.json").read_text())
    assert doc["programs"]["run"] == 3 and doc["runs"] == 6
    args = explore_args(tmp_path, "--seed", "2", "--budget", "100000", "--time-limit", "2",
                        "--target", "tclsh8.6", "--target", "tclsh8.6x=tclsh8.6")
    explore.cmd_explore(args)
    doc = json.loads((tmp_path / "out" / "explore.json").read_text())
    assert 0 < doc["programs"]["run"] < 100000, "the time limit stopped drawing programs"
    assert doc["seconds"] < 60


def test_known_differences_are_matched_and_checked(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("known:\n  - id: x\n    pairs: ['a|b']\n    became: maybe later\nruns: []\n")
    with pytest.raises(ConfigError, match=r"bad.yaml:2: became must be"):
        explore.load_known(bad)
    good = tmp_path / "good.yaml"
    good.write_text("known:\n  - id: buffers\n    pairs: ['tclsh8.6|ref*']\n    op: 'configure -buffersize*'\n"
                    "    a: '^ok <port>$'\n    b: '^ok 65536$'\n    became: readme reference-impl/README.md\n"
                    "runs: []\n")
    known, runs = explore.load_known(good)
    d = explore.Diff("s3", "configure -buffersize @connected", "ok <port>", "ok 65536")
    assert known[0].matches("tclsh8.6|ref", d) and known[0].matches("tclsh8.6|ref9", d)
    assert not known[0].matches("tclsh9.0|ref9", d)
    assert not known[0].matches("tclsh8.6|ref", explore.Diff("s3", "configure -error", "ok <port>", "ok 65536"))


def test_the_page_escapes_what_implementations_say():
    doc = {"seed": 1, "budget": 1, "runs": 2, "seconds": 1, "started": "", "targets": {"a": {"version": "8.6"}},
           "profiles": ["host"], "command": "", "counts": {"distinct": 1, "known": 0, "flaky": 0, "new": 1},
           "programs": {"run": 1, "skipped": 0, "with_differences": 1, "per_profile": {"host": {"run": 1, "with_differences": 1}}},
           "differences": [{"pair": "a|b", "key": "s1", "op": "gets", "a": "<script>x</script>", "b": "ok",
                            "programs": [0], "known": "", "became": "", "flaky": False,
                            "candidate": "candidates/0001-gets.tcl"}]}
    page = explore.page(doc)
    assert "<script>x" not in page and "&lt;script&gt;x" in page and "candidates/0001-gets.tcl" in page
