"""The HTML report, loaded in a real browser (Debian's headless Chromium).

The browser is driven through the Chrome DevTools Protocol over a pipe
(--remote-debugging-pipe: JSON messages ending in NUL on file descriptors 3
and 4), with the standard library only: no chromedriver, no websocket module,
no network (every page is a file:// URL; the browser is started with its
background networking, component updates, sync and QUIC off, in a fresh
profile folder). Clicks are real mouse events at the element's position.

The report comes from a real small run: `./sockconf run` of a few temporary
cases on tclsh8.6 (with an expectations file: one known failure) and ref
(one unexpected failure), whose output holds hostile text. axe-core (npm,
pinned, installed into a cache folder by ci/install-axe.sh; injected by the
test, never shipped in a page) checks index, clauses and diff for
accessibility violations; the window is 1400 x 900, the first screen.
"""

import base64
import fcntl
import json
import os
import select
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from conftest import CLAUSE, ROOT, case_text
from sockconf import spec

CHROMIUM = shutil.which("chromium")
REF_BUILT = (ROOT / "reference-impl" / "build" / "ref" / "pkgIndex.tcl").is_file()
pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (make check installs it)"),
    pytest.mark.skipif(not REF_BUILT, reason="reference-impl is not built (make ref)"),
]

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--no-default-browser-check", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--disable-extensions",
                  "--disable-default-apps", "--metrics-recording-only", "--mute-audio",
                  "--hide-scrollbars", "--window-size=1400,900"]


class BrowserError(AssertionError):
    pass


class Browser:
    """Headless Chromium driven over --remote-debugging-pipe."""

    def __init__(self, timeout_s=60):
        self.timeout_s = timeout_s
        self.profile = tempfile.mkdtemp(prefix="sockconf-chromium-")
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()
        # Keep the child's ends away from 3 and 4 until the child puts them there.
        hi_r = fcntl.fcntl(to_child_r, fcntl.F_DUPFD_CLOEXEC, 10)
        hi_w = fcntl.fcntl(from_child_w, fcntl.F_DUPFD_CLOEXEC, 10)
        os.close(to_child_r)
        os.close(from_child_w)

        def child_fds():
            os.dup2(hi_r, 3)
            os.dup2(hi_w, 4)

        self.proc = subprocess.Popen(
            [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={self.profile}", "--remote-debugging-pipe",
             "about:blank"],
            preexec_fn=child_fds, close_fds=False, start_new_session=True,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(hi_r)
        os.close(hi_w)
        self._buf = b""
        self._next = 0
        self.events = []
        self.session = None
        try:
            pages = [t for t in self.call("Target.getTargets")["targetInfos"] if t["type"] == "page"]
            target = pages[0]["targetId"] if pages else self.call("Target.createTarget", url="about:blank")["targetId"]
            self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
            for domain in ("Page", "Runtime", "Log"):
                self.call(f"{domain}.enable")
            # the page's viewport is 1400 x 900 exactly, whatever the window around it
            self.call("Emulation.setDeviceMetricsOverride", width=1400, height=900, deviceScaleFactor=1,
                      mobile=False)
        except BaseException:
            self.close()
            raise

    # ------------------------------------------------------------- protocol

    def _read_message(self, deadline):
        while b"\0" not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise BrowserError("no answer from chromium in time")
            ready, _, _ = select.select([self._from_child], [], [], left)
            if ready:
                chunk = os.read(self._from_child, 1 << 20)
                if not chunk:
                    raise BrowserError("chromium closed the debugging pipe")
                self._buf += chunk
        raw, self._buf = self._buf.split(b"\0", 1)
        return json.loads(raw)

    def call(self, method, session=True, **params):
        self._next += 1
        msg = {"id": self._next, "method": method, "params": params}
        if session and self.session:
            msg["sessionId"] = self.session
        os.write(self._to_child, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + self.timeout_s
        while True:
            m = self._read_message(deadline)
            if m.get("id") == self._next:
                if "error" in m:
                    raise BrowserError(f"{method}: {m['error']}")
                return m.get("result", {})
            self.events.append(m)

    def wait_event(self, method, since=0):
        deadline = time.monotonic() + self.timeout_s
        while True:
            for m in self.events[since:]:
                if m.get("method") == method:
                    return m
            since = len(self.events)
            self.events.append(self._read_message(deadline))

    # ------------------------------------------------------------- page helpers

    def open(self, path, fragment=""):
        """Load PATH afresh (never as a same-document fragment change) and wait
        until its script has run."""
        for url in ("about:blank", Path(path).resolve().as_uri() + fragment):
            mark = len(self.events)
            self.call("Page.navigate", url=url)
            self.wait_event("Page.loadEventFired", mark)
        self.wait_until("document.body && document.body.dataset.ready === '1'")

    def js(self, expression):
        res = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in res:
            raise BrowserError(f"{expression}: {res['exceptionDetails'].get('exception', {}).get('description')}")
        return res["result"].get("value")

    def wait_until(self, expression, timeout_s=10):
        deadline = time.monotonic() + timeout_s
        last = ""
        while time.monotonic() < deadline:
            try:                        # a page being replaced may not answer yet
                if self.js(f"!!({expression})"):
                    return
            except BrowserError as exc:
                last = f" (last: {exc})"
            time.sleep(0.05)
        raise BrowserError(f"timed out waiting for {expression}{last}")

    def click(self, selector):
        """A real mouse click in the middle of the first element matching SELECTOR."""
        box = self.js(f"""(function () {{
            var e = document.querySelector({json.dumps(selector)});
            if (!e) return null;
            e.scrollIntoView({{block: 'center', inline: 'center'}});
            var r = e.getBoundingClientRect();
            return [r.left + r.width / 2, r.top + r.height / 2];
        }})()""")
        if box is None:
            raise BrowserError(f"no element {selector}")
        for kind in ("mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", type=kind, x=box[0], y=box[1], button="left", clickCount=1)

    def choose(self, select_id, value):
        """Pick VALUE in the <select> SELECT_ID as a user would (value, then change)."""
        ok = self.js(f"""(function () {{
            var s = document.getElementById({json.dumps(select_id)});
            if (!Array.prototype.some.call(s.options, function (o) {{ return o.value === {json.dumps(value)}; }}))
                return false;
            s.value = {json.dumps(value)};
            s.dispatchEvent(new Event('change', {{bubbles: true}}));
            return true;
        }})()""")
        if not ok:
            raise BrowserError(f"#{select_id} has no option {value!r}")

    def screenshot(self, path):
        data = self.call("Page.captureScreenshot", format="png")["data"]
        Path(path).write_bytes(base64.b64decode(data))

    def page_errors(self):
        """Uncaught exceptions and console errors (CSP violations among them)."""
        out = []
        for m in self.events:
            if m.get("method") == "Runtime.exceptionThrown":
                out.append(m["params"]["exceptionDetails"].get("text", "exception"))
            elif m.get("method") == "Log.entryAdded" and m["params"]["entry"].get("level") == "error":
                out.append(m["params"]["entry"].get("text", ""))
            elif m.get("method") == "Runtime.consoleAPICalled" and m["params"].get("type") == "error":
                out.append(str(m["params"].get("args")))
        return out

    def close(self):
        try:
            if self.proc.poll() is None:
                try:
                    self.session = None
                    self._next += 1
                    os.write(self._to_child, json.dumps({"id": self._next, "method": "Browser.close"}).encode()
                             + b"\0")
                    self.proc.wait(timeout=10)
                except (OSError, subprocess.TimeoutExpired):
                    pass
            if self.proc.poll() is None:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
            else:
                try:                    # helpers the browser left in its own group
                    os.killpg(self.proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        finally:
            for fd in (self._to_child, self._from_child):
                try:
                    os.close(fd)
                except OSError:
                    pass
            shutil.rmtree(self.profile, ignore_errors=True)


# ---------------------------------------------------------------- the run

FRONTMATTER_LINES = 6          # case_text's frontmatter: ---, id, title, clauses, timeout, ---
HOSTILE = "<script>window.__pwned = 1</script><img src=x onerror=\"window.__pwned = 2\">"

CASES = {
    # area client: passes everywhere, with a compatibility difference and hostile output
    ("client", "0001", "compat-and-output"): (
        "puts stdout {HOSTILE}\n"
        "puts stdout \"bell\\x07 and clear\\x1b\\[2J done\"\n"
        "puts stderr {a lone ' quote and \" double}\n"
        "observe greeting {<b>hello</b> & 'bye'}\n"
        "compat assert_equal {tclsh 8.6 wording} {another wording} \"message text differs\"\n"
        "assert_equal 2 [expr {1 + 1}]\n"),
    # area async: fails on ref only (a difference between targets), with expected vs actual
    ("async", "0002", "fails-on-ref"): (
        "set impl [expr {[info exists ::env(REFSOCK_BUILD)] ? {ref} : {native}}]\n"
        "puts stdout \"running on $impl\"\n"
        "assert_equal native $impl \"which implementation\"\n"),
    # area async: passes everywhere, nothing special
    ("async", "0003", "plain-pass"): "assert_equal 1 1\n",
    # area io: fails on tclsh8.6 only, where the expectations file below predicts it
    ("io", "0004", "known-on-tclsh"): (
        "set impl [expr {[info exists ::env(REFSOCK_BUILD)] ? {ref} : {native}}]\n"
        "assert_equal ref $impl \"known to fail without refsock\"\n"),
}
OTHER_CLAUSE = next(c.id for c in spec.load().testable_clauses() if c.id != CLAUSE)
KNOWN_REASON = "the browser test's known failure <b>not bold</b>"
EXPECTATIONS = f"""["0004"]
verdict = "fail"
tcl = "8.6.*"
reason = "{KNOWN_REASON}"
"""


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    base = tmp_path_factory.mktemp("report")
    cases = base / "cases"
    for (area, cid, slug), body in CASES.items():
        path = cases / area / f"{cid}-{slug}.tcl"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(case_text(cid, body.replace("{HOSTILE}", "{" + HOSTILE + "}"),
                                  clauses=(OTHER_CLAUSE,) if cid == "0004" else (CLAUSE,),
                                  title=f"browser test {slug} <i>not italic</i>"), encoding="utf-8")
    expect = base / "tclsh8.6-expectations.toml"
    expect.write_text(EXPECTATIONS, encoding="utf-8")
    out = base / "out"
    proc = subprocess.run([str(ROOT / "sockconf"), "run", "--cases", str(cases), "--target",
                           f"tclsh8.6=tclsh8.6,expect={expect}", "--target", "ref", "--profile", "host",
                           "--jobs", "1", "--out", str(out)],
                          capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
    assert proc.returncode == 1, proc.stdout + proc.stderr      # 0002 fails on ref
    doc = json.loads((out / "results.json").read_text(encoding="utf-8"))
    verdicts = {(r["case"], r["target"]): r["verdict"] for r in doc["results"]}
    assert verdicts == {("0001", "tclsh8.6"): "pass", ("0001", "ref"): "pass",
                        ("0002", "tclsh8.6"): "pass", ("0002", "ref"): "fail",
                        ("0003", "tclsh8.6"): "pass", ("0003", "ref"): "pass",
                        ("0004", "tclsh8.6"): "xfail", ("0004", "ref"): "pass"}, verdicts
    return out


@pytest.fixture(scope="module")
def axe_script():
    """axe-core's source (ci/install-axe.sh installs the pinned version once)."""
    proc = subprocess.run(["sh", str(ROOT / "ci" / "install-axe.sh")], capture_output=True, text=True,
                          timeout=300, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr
    return Path(proc.stdout.strip().splitlines()[-1]).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def one_browser():
    b = Browser()
    yield b
    b.close()


@pytest.fixture
def browser(one_browser):
    """The module's browser, with the page errors of earlier tests forgotten."""
    one_browser.events.clear()
    return one_browser


def visible_rows(browser):
    return browser.js("Array.prototype.filter.call(document.querySelectorAll('#matrix tbody tr'),"
                      " function (r) { return r.offsetParent !== null; }).map(function (r) { return r.dataset.case; })")


def visible_cells(browser, case):
    """The verdicts of the cells of CASE's row that are shown (not hidden, not dimmed)."""
    return browser.js(f"Array.prototype.filter.call(document.querySelectorAll('#c{case} td.v'),"
                      " function (c) { return c.offsetParent !== null && !c.classList.contains('dim'); })"
                      ".map(function (c) { return c.classList[1]; })")


def detail(browser, field):
    return browser.js(f"(document.querySelector('#detail [data-field={field}]') || {{}}).textContent")


def test_matrix_renders_and_no_script_from_output_runs(report, browser):
    browser.open(report / "index.html")
    assert visible_rows(browser) == ["0001", "0002", "0003", "0004"]
    assert browser.js("document.getElementById('shown').textContent") == "4 of 4 cases shown"
    assert browser.js("document.querySelectorAll('#matrix td.v.pass').length") == 6
    assert browser.js("document.querySelector('#c0004 td.v.xfail').textContent") == "k"
    assert browser.js("document.querySelectorAll('#matrix td.v.fail.unexp').length") == 1
    # the pass whose compatibility differs looks different from a plain pass
    assert browser.js("document.querySelectorAll('#matrix td.v.pass.cd').length") == 2
    assert browser.js("getComputedStyle(document.querySelector('#matrix td.v.pass.cd')).boxShadow") != \
        browser.js("getComputedStyle(document.querySelector('#c0003 td.v.pass')).boxShadow")
    assert "Unexpected results (1)" in browser.js("document.body.innerText")
    assert browser.js("document.querySelector('#c0001 td.title').textContent") == \
        "browser test compat-and-output <i>not italic</i>"
    assert browser.js("window.__pwned") is None
    assert browser.page_errors() == []


def test_click_a_cell_opens_its_detail(report, browser):
    browser.open(report / "index.html")
    assert browser.js("document.getElementById('detail').hidden") is True
    browser.click("#c0002 td.v.fail")
    browser.wait_until("!document.getElementById('detail').hidden")
    assert detail(browser, "case") == "0002-fails-on-ref"
    assert detail(browser, "verdict") == "fail"
    assert detail(browser, "target") == "ref" and detail(browser, "profile") == "host"
    assert "which implementation" in detail(browser, "message")
    assert detail(browser, "where") == f"{report.parent}/cases/async/0002-fails-on-ref.tcl:{FRONTMATTER_LINES + 3}"
    assert detail(browser, "expected") == "native" and detail(browser, "actual") == "ref"
    assert "running on ref" in detail(browser, "stdout")
    assert float(detail(browser, "duration").split()[0]) > 0
    assert "cell=0002" in browser.js("decodeURIComponent(location.hash)")
    # the other cell (the panel covers the right of the page: Esc first): compatibility
    # differences, observations, hostile output as text
    key(browser, "Escape", "Escape", 27)
    browser.wait_until("document.getElementById('detail').hidden")
    browser.click("#c0001 td.v.t1")
    browser.wait_until("document.querySelector('#detail [data-field=case]').textContent === '0001-compat-and-output'")
    assert detail(browser, "verdict") == "pass"
    compat = detail(browser, "compat")
    assert "message text differs" in compat and "tclsh 8.6 wording" in compat and "another wording" in compat
    assert f"0001-compat-and-output.tcl:{FRONTMATTER_LINES + 5}" in compat          # the case line of the difference
    assert "<b>hello</b> & 'bye'" in detail(browser, "observations")
    out = detail(browser, "stdout")
    assert HOSTILE in out                                      # shown as text, not markup
    assert "bell\\x07 and clear\\x1b[2J done" in out           # controls made visible
    assert "lone ' quote" in detail(browser, "stderr")
    assert browser.js("document.querySelectorAll('#detail script, #detail img').length") == 0
    assert browser.js("window.__pwned") is None
    # Escape closes it, and the link still opens it (state in the fragment)
    browser.call("Input.dispatchKeyEvent", type="keyDown", key="Escape", code="Escape", windowsVirtualKeyCode=27)
    browser.wait_until("document.getElementById('detail').hidden")
    browser.open(report / "index.html", "#cell=0002,ref,host")
    browser.wait_until("!document.getElementById('detail').hidden")
    assert detail(browser, "case") == "0002-fails-on-ref"
    assert browser.page_errors() == []


def test_each_filter(report, browser):
    browser.open(report / "index.html")
    browser.choose("f-area", "async")
    assert visible_rows(browser) == ["0002", "0003"]
    assert "area=async" in browser.js("location.hash")
    browser.choose("f-verdict", "fail")
    assert visible_rows(browser) == ["0002"]
    assert visible_cells(browser, "0002") == ["fail"]
    browser.choose("f-area", "")
    browser.choose("f-verdict", "compat")
    assert visible_rows(browser) == ["0001"]
    browser.choose("f-verdict", "")
    browser.choose("f-target", "tclsh8.6")
    assert visible_rows(browser) == ["0001", "0002", "0003", "0004"]
    assert visible_cells(browser, "0002") == ["pass"]          # the ref column is hidden
    assert browser.js("document.querySelectorAll('#matrix thead th.tgroup')[1].offsetParent") is None
    browser.choose("f-verdict", "fail")                         # no failure on tclsh8.6
    assert visible_rows(browser) == []
    browser.choose("f-verdict", "")
    browser.choose("f-target", "")
    browser.choose("f-profile", "host")
    assert visible_rows(browser) == ["0001", "0002", "0003", "0004"]
    assert len(visible_cells(browser, "0001")) == 2
    browser.click("#only-interesting")
    assert visible_rows(browser) == ["0002", "0004"]             # unexpected; xfail against pass
    assert browser.js("document.getElementById('shown').textContent") == "2 of 4 cases shown"
    state = browser.js("location.hash")
    assert "profile=host" in state and "interesting" in state
    # a shared link restores the combined view
    browser.open(report / "index.html", "#area=async&verdict=pass&target=ref")
    assert visible_rows(browser) == ["0003"]
    assert browser.js("document.getElementById('f-area').value") == "async"
    # the old link keeps working
    browser.open(report / "index.html", "#interesting")
    assert visible_rows(browser) == ["0002", "0004"]
    assert browser.js("document.getElementById('only-interesting').checked") is True
    assert browser.page_errors() == []


def test_clause_page(report, browser):
    browser.open(report / "clauses.html")
    head = browser.js("Array.prototype.map.call(document.querySelectorAll('#clauses thead th'),"
                      " function (t) { return t.textContent; })")
    assert head[-2:] == ["tclsh8.6", "ref"]
    row = browser.js("(function () { var b = document.getElementById('cl-' + " + json.dumps(CLAUSE) + ");"
                     " return [b.dataset.strength, b.dataset.status, Array.prototype.map.call("
                     "b.querySelectorAll('tr.head td.state'), function (c) { return c.textContent; }),"
                     " b.querySelectorAll('tr.case').length]; })()")
    assert row == [spec.load().clauses[CLAUSE].data["strength"], "fails", ["conforms", "does not conform"], 3]
    browser.js("(function () { var s = document.querySelector('[data-filter=status]'); s.value = 'fails';"
               " s.dispatchEvent(new Event('change')); })()")
    assert browser.js("document.querySelectorAll('tbody.clause:not(.row-hidden)').length") == 1
    assert "status=fails" in browser.js("location.hash")
    browser.open(report / "clauses.html", f"#clause={CLAUSE}")
    assert browser.js("Array.prototype.filter.call(document.querySelectorAll('tbody.clause'),"
                      " function (b) { return b.offsetParent !== null; }).length") == 1
    browser.click(f"tbody[data-clause='{CLAUSE}'] tr.case a")
    browser.wait_until("location.pathname.endsWith('index.html') && document.body.dataset.ready === '1'")
    assert visible_rows(browser) == ["0001"]
    assert browser.page_errors() == []


def diff_sections(browser):
    """(A, B, [row cells]) of every comparison the diff page shows."""
    return browser.js("Array.prototype.filter.call(document.querySelectorAll('section.pair'),"
                      " function (s) { return s.offsetParent !== null; }).map(function (s) {"
                      " return [s.dataset.a, s.dataset.b, Array.prototype.map.call(s.querySelectorAll('tr.diffrow'),"
                      " function (r) { return Array.prototype.map.call(r.cells, function (c) {"
                      " return c.textContent.trim(); }); })]; })")


def test_diff_page_lets_the_reader_pick_the_pair(report, browser):
    browser.open(report / "diff.html")
    # A starts as the first target, B as any other
    assert browser.js("document.getElementById('f-a').value") == "tclsh8.6"
    shown = diff_sections(browser)
    assert [(a, b) for a, b, _ in shown] == [("tclsh8.6", "ref")]
    assert ["0002", "host", "verdict (worse)", "pass", "fail"] in shown[0][2]
    assert ["0004", "host", "verdict (better)", "xfail", "pass"] in shown[0][2]
    browser.choose("f-a", "ref")
    browser.choose("f-b", "tclsh8.6")
    shown = diff_sections(browser)
    assert [(a, b) for a, b, _ in shown] == [("ref", "tclsh8.6")]
    assert ["0002", "host", "verdict (better)", "fail", "pass"] in shown[0][2]
    assert "a=ref" in browser.js("location.hash") and "b=tclsh8.6" in browser.js("location.hash")
    browser.open(report / "diff.html", "#a=ref&b=tclsh8.6&kind=verdict&change=better")
    shown = diff_sections(browser)
    assert [(a, b) for a, b, _ in shown] == [("ref", "tclsh8.6")]
    visible = browser.js("Array.prototype.filter.call(document.querySelectorAll('tr.diffrow'),"
                         " function (r) { return r.offsetParent !== null; }).length")
    assert visible == 1
    assert "not given a baseline" in browser.js("document.body.innerText")
    assert browser.page_errors() == []


def test_first_screen_answers_who_fails_what(report, browser, tmp_path):
    browser.open(report / "index.html")
    assert browser.js("[window.innerWidth, window.innerHeight]") == [1400, 900]
    banner = browser.js("document.getElementById('verdict').innerText")
    assert banner.startswith("1 unexpected result (ref: 1)")
    assert "tclsh8.6: 1 clause fail, known: 0004" in banner and "ref: 1 clause fail (1 unexpectedly)" in banner
    # a bar per target and the area table, whole, on the first screen
    bars = browser.js("Array.prototype.map.call(document.querySelectorAll('#overview svg.bar'), function (b) {"
                      " var r = b.getBoundingClientRect(); return [b.getAttribute('aria-label'), r.width > 100,"
                      " r.bottom <= innerHeight]; })")
    assert [(label.split(":")[0], wide, seen) for label, wide, seen in bars] == \
        [("tclsh8.6", True, True), ("ref", True, True)]
    assert browser.js("document.getElementById('overview').getBoundingClientRect().bottom") <= 900
    areas = browser.js("Array.prototype.map.call(document.querySelectorAll('#overview tbody th'),"
                       " function (t) { return t.textContent; })")
    assert areas == ["client", "async", "io", "all areas"]
    # and the known failure, with its reason, begins there too
    assert browser.js("document.getElementById('known').getBoundingClientRect().top") < 900
    known = browser.js("document.querySelector('ul.known li').innerText")
    assert known.startswith("tclsh8.6: 0004-known-on-tclsh gives fail in host") and KNOWN_REASON in known
    browser.screenshot(tmp_path / "first-screen.png")
    # a count opens those results in the matrix
    browser.click("#overview a.oc.unexpected")
    browser.wait_until("document.getElementById('shown').textContent === '1 of 4 cases shown'")
    assert visible_rows(browser) == ["0002"]
    assert browser.js("decodeURIComponent(location.hash)") == "#area=async&target=ref&verdict=unexpected"
    assert browser.page_errors() == []


def test_the_matrix_fits_1400_px_for_four_targets(browser, tmp_path):
    from sockconf import SCHEMA, reports
    targets = ["tclsh8.6", "ref", "tclsh9.0", "ref9"]
    profiles = ["host", "dual", "v4only", "v6only", "multihomed", "names", "unreachable"]
    results = [{"case": f"{c:04d}", "slug": "a-rather-long-slug-as-real-cases-have-it", "target": t,
                "profile": p, "verdict": ("pass", "skip", "xfail", "fail")[(c + i) % 4], "duration_s": 0.1,
                "clauses": [CLAUSE], "message": "", "observations": {}, "title": "a title " * 12,
                "path": f"cases/client/{c:04d}-a-rather-long-slug-as-real-cases-have-it.tcl"}
               for c in range(101, 131) for i, t in enumerate(targets) for p in profiles]
    doc = {"schema": SCHEMA, "started": "2026-12-01T00:00:00Z", "finished": "2026-12-01T00:01:00Z",
           "host": {"system": "Linux"}, "targets": {t: {"command": [t], "version": "8.6.13"} for t in targets},
           "profiles": profiles, "complete": True, "results": results}
    reports.write_all(doc, tmp_path)
    browser.open(tmp_path / "index.html")
    widths = browser.js("[document.querySelector('.scroll').scrollWidth, document.querySelector('.scroll').clientWidth,"
                        " document.documentElement.scrollWidth, innerWidth]")
    assert widths[0] <= widths[1] and widths[2] <= widths[3] == 1400, widths
    assert browser.js("document.querySelectorAll('#matrix thead tr.profiles th').length") == 28
    assert browser.page_errors() == []


def key(browser, name, code, vk, shift=False):
    for kind in ("keyDown", "keyUp"):
        browser.call("Input.dispatchKeyEvent", type=kind, key=name, code=code, windowsVirtualKeyCode=vk,
                     modifiers=8 if shift else 0)


def test_every_cell_is_reached_with_tab_and_opened_with_enter(report, browser):
    browser.open(report / "index.html")
    assert browser.js("Array.prototype.every.call(document.querySelectorAll('#matrix td.v[data-k]'),"
                      " function (c) { return c.tabIndex === 0; })") is True
    assert browser.js("document.querySelector('nav a[aria-current=page]').textContent") == "Results"
    browser.js("document.getElementById('f-reset').focus()")
    key(browser, "Tab", "Tab", 9)
    first = browser.js("[document.activeElement.closest('tr').dataset.case, document.activeElement.dataset.k]")
    assert first[0] == "0001"
    assert browser.js("getComputedStyle(document.activeElement).outlineStyle") == "solid"    # focus visible
    key(browser, "Tab", "Tab", 9)
    second = browser.js("document.activeElement.dataset.k")
    assert second != first[1]
    key(browser, "Enter", "Enter", 13)
    browser.wait_until("!document.getElementById('detail').hidden")
    assert detail(browser, "case") == "0001-compat-and-output" and detail(browser, "target") == "ref"
    key(browser, "Escape", "Escape", 27)
    browser.wait_until("document.getElementById('detail').hidden")
    assert browser.js("document.activeElement.dataset.k") == second          # back where the reader was
    for page, name in (("clauses.html", "Clauses"), ("diff.html", "Differences")):
        browser.open(report / page)
        assert browser.js("document.querySelector('nav a[aria-current=page]').textContent") == name
    assert browser.page_errors() == []


AXE_RUN = """axe.run(document).then(function (r) { return r.violations.map(function (v) {
  return {id: v.id, impact: v.impact, help: v.help, count: v.nodes.length,
          first: v.nodes.slice(0, 3).map(function (n) { return n.target.join(' ') + ': ' + n.failureSummary; })};
}); })"""


@pytest.mark.parametrize("page, fragment", [("index.html", ""), ("index.html", "#cell=0001,ref,host"),
                                            ("clauses.html", ""), ("diff.html", "")])
def test_axe_core_finds_no_accessibility_violation(report, browser, axe_script, page, fragment):
    browser.open(report / page, fragment)
    browser.js(axe_script)
    assert browser.js("typeof axe.run") == "function"
    violations = browser.js(AXE_RUN)
    assert violations == [], json.dumps(violations, indent=1)[:4000]


def test_a_copied_report_keeps_its_source_lines_and_links(report, browser, tmp_path):
    copy = tmp_path / "artifact"
    shutil.copytree(report, copy)
    browser.open(copy / "index.html", "#cell=0002,ref,host")
    browser.wait_until("!document.getElementById('detail').hidden")
    src = browser.js("Array.prototype.map.call(document.querySelectorAll('#detail [data-field=source] > *'),"
                     " function (l) { return [l.tagName, l.textContent]; })")
    marked = [text for tag, text in src if tag == "MARK"]
    line = FRONTMATTER_LINES + 3
    assert marked == [f"{line}assert_equal native $impl \"which implementation\""], src
    numbers = browser.js("Array.prototype.map.call(document.querySelectorAll('#detail [data-field=source] .ln'),"
                         " function (n) { return +n.textContent; })")
    assert numbers == list(range(line - 3, line + 1))          # three before it, none after: the file ends
    for page in ("index.html", "clauses.html", "diff.html"):
        browser.open(copy / page)
        hrefs = browser.js("Array.prototype.map.call(document.querySelectorAll('a[href]'),"
                           " function (a) { return a.getAttribute('href'); })")
        broken = [h for h in hrefs if not (h.startswith("#") or h.split("#")[0] in
                                           ("index.html", "clauses.html", "diff.html")
                                           or h.startswith(("https://", "http://")))]
        assert broken == [], (page, broken)
    assert browser.page_errors() == []


def test_screenshot_is_taken(report, browser, tmp_path):
    browser.open(report / "index.html", "#cell=0001,ref,host")
    shot = tmp_path / "index.png"
    browser.screenshot(shot)
    assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 10000
