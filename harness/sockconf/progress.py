"""The run's progress line with an estimate of the time left.

pytest prints its progress ("....s... [ 42%]") to a pipe that `./sockconf run`
relays to the terminal as it comes; where a line ends in pytest's percentage,
the relay adds how long the rest should take ("[ 42%, about 1:05 left]"). The
estimate weighs what is left by the durations of the previous results.json in
the same --out folder (skips and quick cases count for little, the slow ones
for much) and scales them by the speed of this run so far. Without a previous
result file the line stays as pytest wrote it.
"""

import json
import os
import re
import threading
import time

PERCENT_RE = re.compile(rb"(\[\s*\d+%\])(\s*)$")
MIN_INTERVAL_S = 1.0        # results.json is read at most this often


def previous_durations(result_file):
    """{(case, target, profile): seconds} of an earlier result file, or {}."""
    try:
        with open(result_file, encoding="utf-8") as f:
            doc = json.load(f)
        return {(r["case"], r["target"], r["profile"]): float(r.get("duration_s") or 0.0)
                for r in doc["results"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def clock(seconds):
    seconds = int(round(seconds))
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}" if seconds >= 3600 \
        else f"{seconds // 60}:{seconds % 60:02d}"


class Estimate:
    """Time left from the records done so far (read from RESULT_FILE, which the
    run rewrites within a second of each result) and PREVIOUS durations."""

    def __init__(self, previous, result_file, targets, profiles):
        self.result_file = result_file
        self.previous = {k: d for k, d in previous.items() if k[1] in targets and k[2] in profiles}
        self.start = None           # (time, work done) when the first records were seen: the
        self._last = (0.0, "")      # speed is measured from there, not from pytest's start-up

    def text(self):
        now = time.monotonic()
        if now - self._last[0] < MIN_INTERVAL_S:
            return self._last[1]
        text = ""
        try:
            with open(self.result_file, encoding="utf-8") as f:
                doc = json.load(f)
            done = {(r["case"], r["target"], r["profile"]) for r in doc["results"]}
            selected = doc.get("selected") or len(self.previous)
            known = [d for d in self.previous.values() if d > 0]
            typical = sorted(known)[len(known) // 2] if known else 0.0
            work_done = sum(self.previous.get(k, typical) for k in done)
            left_keys = [k for k in self.previous if k not in done]
            work_left = sum(self.previous[k] for k in left_keys)
            missing = max(selected - len(done) - len(left_keys), 0)    # items the earlier run had not
            work_left = max(work_left + missing * typical, 0.0)
            if self.start is None:
                if done:
                    self.start = (now, work_done)
            elif work_done > self.start[1] and len(done) < selected:
                speed = (work_done - self.start[1]) / (now - self.start[0])
                text = f"about {clock(work_left / speed)} left"
        except (OSError, ValueError, KeyError, TypeError):
            pass
        self._last = (now, text)
        return text


def relay(src_fd, dst, estimate):
    """Copy what pytest writes on SRC_FD to DST (a binary stream) as it comes;
    a line that ends in pytest's "[ NN%]" gets the ESTIMATE's time left in the
    brackets. Returns the thread doing it."""

    def run():
        held = b""           # the end of the current line, from its last " [": maybe the percentage
        while True:
            try:
                chunk = os.read(src_fd, 65536)
            except OSError:
                chunk = b""
            if not chunk:
                break
            data = held + chunk
            held = b""
            out = bytearray()
            for line in data.splitlines(keepends=True):
                if line.endswith(b"\n"):
                    m = PERCENT_RE.search(line)
                    extra = estimate.text() if (m and estimate is not None) else ""
                    if extra:
                        line = line[:m.start(1)] + m.group(1)[:-1] + f", {extra}]".encode() + m.group(2)
                    out += line
                else:
                    cut = line.rfind(b" [")
                    if cut >= 0:
                        out += line[:cut]
                        held = line[cut:]
                    else:
                        out += line
            if out:
                try:
                    dst.write(bytes(out))
                    dst.flush()
                except (OSError, ValueError):
                    pass
        if held:
            try:
                dst.write(held)
                dst.flush()
            except (OSError, ValueError):
                pass

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread
