"""The HTML matrix, loaded in a real browser (Debian's headless Chromium)."""

import re
import shutil
import subprocess
import tempfile

import pytest
from sockconf import SCHEMA
from sockconf.reports import index_html

CHROMIUM = shutil.which("chromium")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (make check installs it)")


def record(case, target, profile, verdict, message=""):
    return {"case": case, "slug": f"s{case}", "target": target, "profile": profile,
            "verdict": verdict, "duration_s": 0.1, "clauses": ["x.y"], "message": message,
            "observations": {}, "title": f"title of {case}"}


def dump_dom(path, fragment=""):
    with tempfile.TemporaryDirectory() as profile_dir:
        out = subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", f"--user-data-dir={profile_dir}", "--dump-dom",
             f"file://{path}{fragment}"],
            capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout


@pytest.fixture
def page(tmp_path):
    doc = {"schema": SCHEMA, "started": "2026-11-25T00:00:00Z", "finished": "2026-11-25T00:01:00Z",
           "host": {"system": "Linux", "release": "6", "machine": "x86_64"},
           "targets": {"a": {"version": "8.6.13"}, "b": {"version": "8.6.13"}},
           "profiles": ["host"], "complete": True,
           "results": [record("0001", "a", "host", "pass"), record("0001", "b", "host", "pass"),
                       record("0002", "a", "host", "pass"),
                       record("0002", "b", "host", "fail", "expected <1>, got 2")]}
    path = tmp_path / "index.html"
    path.write_text(index_html(doc), encoding="utf-8")
    return path


def test_matrix_renders_every_case_and_verdict(page):
    dom = dump_dom(page)
    assert re.search(r'<tr id="c0001"[^>]*>', dom) and re.search(r'<tr id="c0002"[^>]*>', dom)
    assert dom.count('class="v pass') == 3 and dom.count('class="v fail') == 1
    assert "Unexpected results (1)" in dom
    assert "expected &lt;1&gt;, got 2" in dom          # messages are escaped, not markup
    assert "2 of 2 cases shown" in dom                 # the script ran


def test_filter_shows_only_rows_with_problems_or_differences(page):
    dom = dump_dom(page, "#interesting")
    assert "1 of 2 cases shown" in dom
    assert re.search(r'<tr id="c0001"[^>]*style="display: none;"', dom)
    assert not re.search(r'<tr id="c0002"[^>]*style="display: none;"', dom)
