"""The HTML report, loaded in a real browser (Debian's headless Chromium).

The browser is driven through the Chrome DevTools Protocol over a pipe
(--remote-debugging-pipe: JSON messages ending in NUL on file descriptors 3
and 4), with the standard library only: no chromedriver, no websocket module,
no network (every page is a file:// URL; the browser is started with its
background networking, component updates, sync and QUIC off, in a fresh
profile folder). Clicks are real mouse events at the element's position.

The report comes from a real small run: `./sockconf run` of a few temporary
cases on tclsh8.6 and ref, whose output holds hostile text.
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
                  "--hide-scrollbars", "--window-size=1400,1000"]


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
}


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    base = tmp_path_factory.mktemp("report")
    cases = base / "cases"
    for (area, cid, slug), body in CASES.items():
        path = cases / area / f"{cid}-{slug}.tcl"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(case_text(cid, body.replace("{HOSTILE}", "{" + HOSTILE + "}"),
                                  title=f"browser test {slug} <i>not italic</i>"), encoding="utf-8")
    out = base / "out"
    proc = subprocess.run([str(ROOT / "sockconf"), "run", "--cases", str(cases), "--target", "tclsh8.6",
                           "--target", "ref", "--profile", "host", "--jobs", "1", "--out", str(out)],
                          capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
    assert proc.returncode == 1, proc.stdout + proc.stderr      # 0002 fails on ref
    doc = json.loads((out / "results.json").read_text(encoding="utf-8"))
    verdicts = {(r["case"], r["target"]): r["verdict"] for r in doc["results"]}
    assert verdicts == {("0001", "tclsh8.6"): "pass", ("0001", "ref"): "pass",
                        ("0002", "tclsh8.6"): "pass", ("0002", "ref"): "fail",
                        ("0003", "tclsh8.6"): "pass", ("0003", "ref"): "pass"}, verdicts
    return out


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
    return browser.js(f"Array.prototype.filter.call(document.querySelectorAll('#c{case} td.v'),"
                      " function (c) { return c.offsetParent !== null && !c.classList.contains('dim'); })"
                      ".map(function (c) { return c.textContent; })")


def detail(browser, field):
    return browser.js(f"(document.querySelector('#detail [data-field={field}]') || {{}}).textContent")


def test_matrix_renders_and_no_script_from_output_runs(report, browser):
    browser.open(report / "index.html")
    assert visible_rows(browser) == ["0001", "0002", "0003"]
    assert browser.js("document.getElementById('shown').textContent") == "3 of 3 cases shown"
    assert browser.js("document.querySelectorAll('#matrix td.v.pass').length") == 5
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
    # the other cell: compatibility differences, observations, hostile output as text
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
    assert visible_rows(browser) == ["0001", "0002", "0003"]
    assert visible_cells(browser, "0002") == ["pass"]          # the ref column is hidden
    assert browser.js("document.querySelectorAll('#matrix thead th.tgroup')[1].offsetParent") is None
    browser.choose("f-verdict", "fail")                         # no failure on tclsh8.6
    assert visible_rows(browser) == []
    browser.choose("f-verdict", "")
    browser.choose("f-target", "")
    browser.choose("f-profile", "host")
    assert visible_rows(browser) == ["0001", "0002", "0003"]
    assert len(visible_cells(browser, "0001")) == 2
    browser.click("#only-interesting")
    assert visible_rows(browser) == ["0002"]
    assert browser.js("document.getElementById('shown').textContent") == "1 of 3 cases shown"
    state = browser.js("location.hash")
    assert "profile=host" in state and "interesting" in state
    # a shared link restores the combined view
    browser.open(report / "index.html", "#area=async&verdict=pass&target=ref")
    assert visible_rows(browser) == ["0003"]
    assert browser.js("document.getElementById('f-area').value") == "async"
    # the old link keeps working
    browser.open(report / "index.html", "#interesting")
    assert visible_rows(browser) == ["0002"]
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


def test_diff_page(report, browser):
    browser.open(report / "diff.html")
    rows = browser.js("Array.prototype.map.call(document.querySelectorAll('#pair-1 tr.diffrow'),"
                      " function (r) { return Array.prototype.map.call(r.cells, function (c) {"
                      " return c.textContent.trim(); }); })")
    assert ["0002", "tclsh8.6 → ref", "host", "verdict (worse)", "pass", "fail"] in rows
    assert "against the baseline" not in browser.js("document.querySelector('[data-filter=pair]').textContent")
    assert "not given a baseline" in browser.js("document.body.innerText")
    assert browser.page_errors() == []


def test_screenshot_is_taken(report, browser, tmp_path):
    browser.open(report / "index.html", "#cell=0001,ref,host")
    shot = tmp_path / "index.png"
    browser.screenshot(shot)
    assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 10000
