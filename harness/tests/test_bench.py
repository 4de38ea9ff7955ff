"""make bench's machinery: a smoke run writes the table, JSON and plot, with the right shape.

Never a timing threshold: the figures of a smoke run mean nothing, only their presence
and form are checked (and the direction of the ratios, on made-up numbers).
"""

import json

import pytest

from conftest import ROOT
from sockconf import bench

REF_BUILT = (ROOT / "reference-impl" / "build" / "ref" / "pkgIndex.tcl").is_file()


def test_ratio_above_one_means_better_in_both_directions():
    rate = next(m for m in bench.METRICS if m.higher_is_better)
    time = next(m for m in bench.METRICS if not m.higher_is_better)
    assert bench.summarise([200.0, 100.0, 300.0], rate, 100.0)["ratio"] == 2.0
    assert bench.summarise([50.0, 40.0, 60.0], time, 100.0)["ratio"] == 2.0
    s = bench.summarise([3.0, 1.0, 2.0], rate, None)
    assert (s["median"], s["min"], s["max"], s["ratio"]) == (2.0, 1.0, 3.0, None)


@pytest.mark.skipif(not bench.CEILING.is_file(), reason="harness/native not built (make native)")
def test_smoke_run_writes_table_json_and_plot(tmp_path, capsys):
    names = ["tclsh8.6"] + (["ref"] if REF_BUILT else [])
    args = ["--smoke", "--suite", "--out-dir", str(tmp_path)]
    for n in names:
        args += ["--target", n]
    assert bench.main(args) == 0
    printed = capsys.readouterr().out

    report = json.loads((tmp_path / "bench.json").read_text())
    columns = names + [bench.CEILING_NAME]
    assert report["columns"] == columns and report["baseline"] == "tclsh8.6"
    assert set(report["metrics"]) == {m.name for m in bench.METRICS}
    for m in bench.METRICS:
        entry = report["metrics"][m.name]
        for n in names:
            e = entry["targets"][n]
            assert len(e["samples"]) == report["runs"] == 1
            assert e["min"] <= e["median"] <= e["max"]
            assert isinstance(e["ratio"], float)
        assert entry["targets"]["tclsh8.6"]["ratio"] == 1.0
    for n in names:
        s = report["suite"]["targets"][n]
        assert s["bare_start_ms"] > 0 and s["case_host_ms"] > 0

    md = (tmp_path / "bench.md").read_text()
    for m in bench.METRICS:
        row = next(line for line in md.splitlines() if line.startswith(f"| {m.name} |"))
        assert row.count("|") == len(columns) + 3
        assert "×1.00" in row            # the baseline's own ratio
    assert bench.table(report) in printed
    png = tmp_path / "bench.png"
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        assert not png.exists()
    else:
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_failing_target_is_exit_1_naming_it(tmp_path, capsys):
    spec = f"broken=tclsh8.6,setup={tmp_path / 'broken.tcl'}"
    (tmp_path / "broken.tcl").write_text("error {no socket here}\n")
    assert bench.main(["--smoke", "--target", spec, "--out-dir", str(tmp_path)]) == 1
    assert "broken" in capsys.readouterr().err
    assert not (tmp_path / "bench.json").exists()
