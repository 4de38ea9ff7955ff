"""Fault rules that prove themselves.

A case names the faults it needs in its frontmatter (`faults:`, one group of
alternative rules per entry) or arms them from Tcl around a call (include
faults.tcl's `with_fault`). The grammar is the fault shim's own
(harness/native/faultrule.c): `check` asks libsockconf-faultrule.so, so a
malformed rule or an unknown word fails collection at file:line instead of
never matching.

The shim reports on its own channel (environment SOCKCONF_FAULT_FD): every
value of its variables it saw (`armed`), every malformed rule (`bad`), the
first call each rule altered per call and descriptor role (`fired`), and at
exit how often each rule matched and altered calls (`count`); with_fault
announces the rules it arms there too. `judge` turns that into the proof: a
case whose declared group, or a rule group the case armed, never altered a
call did not test what it says, and a malformed rule is a broken case.
"""

import ctypes
import json
from dataclasses import dataclass, field

from . import paths

RULES_LIB = paths.HARNESS / "native" / "build" / "libsockconf-faultrule.so"
CHANNEL_BYTES = 1024 * 1024     # kept of the fault channel (launch.CHANNEL_BYTES)
WHY_BYTES = 200
SUMMARY_MAX = 40                # (rule, call, role) rows kept in a record
KNOWN = {"armed", "bad", "fired", "count", "emulated"}

_lib = None


def checker_built():
    return RULES_LIB.is_file()


def check(text):
    """Why TEXT (a list of rules) is not well formed, "" when it is, or None when the
    grammar library is not built (make native): then nothing can be checked."""
    global _lib
    if _lib is None:
        if not checker_built():
            return None
        _lib = ctypes.CDLL(str(RULES_LIB))
        _lib.sockconf_fault_check.argtypes = (ctypes.c_char_p, ctypes.c_char_p, ctypes.c_size_t)
        _lib.sockconf_fault_check.restype = ctypes.c_int
    why = ctypes.create_string_buffer(WHY_BYTES)
    if _lib.sockconf_fault_check(text.encode("utf-8", "replace"), why, WHY_BYTES) == 0:
        return ""
    return why.value.decode("utf-8", "replace")


def groups(value):
    """{group index: [rules]} of a rule list, numbered as the shim numbers them
    (every ';' starts the next group; empty groups are skipped)."""
    out = {}
    for i, part in enumerate(value.split(";")):
        rules = part.replace(",", " ").split()
        if rules:
            out[i] = rules
    return out


def declared_value(entries):
    """SOCKCONF_FAULT_RULES for a case's declared groups."""
    return ";".join(entries)


@dataclass
class Report:
    """What the fault channel says, read."""
    lines: list = field(default_factory=list)
    problem: str = ""


def read_channel(data, flooded=False):
    """The channel's records; a line that is not a record of the shim's makes it unusable
    (a last line without its newline, cut short by a dying process, is dropped)."""
    rep = Report()
    if flooded or len(data) > CHANNEL_BYTES:
        rep.problem = f"the fault channel holds more than {CHANNEL_BYTES // 1024} KiB (flooded)"
        return rep
    lines = data.split(b"\n")
    lines.pop()
    for no, raw in enumerate(lines, start=1):
        try:
            rec = json.loads(raw.decode("utf-8"))
        except ValueError:
            rec = None
        if not (isinstance(rec, dict) and rec.get("t") in KNOWN
                and all(isinstance(v, str) for v in rec.values())):
            rep.problem = f"unusable line on the fault channel, line {no}: {raw[:80]!r}"
            return rep
        rep.lines.append(rec)
    return rep


def judge(declared, data, main_pid, flooded=False):
    """(problem, summary): PROBLEM is "" when every declared group and every rule group
    the case armed altered a call and no rule was malformed; else why not. SUMMARY lists,
    per rule, call and descriptor role, how often it matched and altered calls.
    DECLARED: [(group text, frontmatter line)]; DATA: the channel's bytes; MAIN_PID: the
    case interpreter's pid (its start record), whose armed rules must fire (a child
    process inherits the rules and need not reach them)."""
    rep = read_channel(data, flooded)
    if rep.problem:
        return rep.problem, []
    values = {}                 # (pid, var, seq) -> value
    armed = {}                  # value of SOCKCONF_FAULT_FAIL -> case line ("" unknown)
    fired = set()               # (var, value, group)
    rows = {}                   # (var, rule, call, role) -> [matched, injected]
    bad = []
    declared_text = declared_value([g for g, _ in declared])
    for rec in rep.lines:
        t, pid, var = rec["t"], rec.get("pid", ""), rec.get("var", "")
        key = (pid, var, rec.get("seq", ""))
        if t == "armed":
            values[key] = rec.get("value", "")
            if var == "FAIL" and (pid == main_pid or rec.get("by") == "with_fault"):
                if rec.get("line") or values[key] not in armed:
                    armed[values[key]] = rec.get("line", "") or armed.get(values[key], "")
        elif t == "emulated":
            rows.setdefault(("PERSONALITY", rec.get("what", ""), rec.get("call", ""),
                             rec.get("role", "")), [0, 0, True])
        elif t == "bad":
            bad.append(rec.get("why", "") or rec.get("rule", ""))
        elif t in ("fired", "count") and "rule" in rec:
            # SOCKCONF_FAULT_RULES is the runner's own, the same in every process
            value = declared_text if var == "RULES" else values.get(key)
            row = rows.setdefault((var, rec["rule"], rec.get("call", ""), rec.get("role", "")),
                                  [0, 0, False])
            if t == "fired":
                fired.add((var, value, rec.get("group", "")))
                row[2] = True
            else:
                row[0] += _int(rec.get("matched"))
                row[1] += _int(rec.get("injected"))
                if _int(rec.get("injected")) > 0:
                    fired.add((var, value, rec.get("group", "")))
    names = {"RULES": "declared", "FAIL": "case", "PERSONALITY": "personality"}
    summary = [{"var": names.get(var, var), "rule": rule, "call": call,
                "role": role, "matched": str(m) if m else ("?" if seen else "0"),
                "injected": str(i) if i else ("1+" if seen else "0")}
               for (var, rule, call, role), (m, i, seen) in sorted(rows.items())][:SUMMARY_MAX]
    if bad:
        return f"malformed fault rule {bad[0]}", summary
    for index, (text, line) in enumerate(declared):
        if ("RULES", declared_text, str(index)) not in fired:
            return (f"declared fault never fired: {text} (faults:, line {line})"
                    + _near_misses(rows, "RULES", text)), summary
    for value, line in armed.items():
        for index, rules in groups(value).items():
            if ("FAIL", value, str(index)) not in fired:
                where = f"armed at line {line}" if line else "armed by the case"
                return (f"fault {where} never fired: {' '.join(rules)}"
                        + _near_misses(rows, "FAIL", " ".join(rules))), summary
    return "", summary


def _int(text):
    try:
        return int(text)
    except (TypeError, ValueError):
        return 0


def _near_misses(rows, var, text):
    """How often the group's rules matched calls without altering one, for the message."""
    wanted = set(text.split())
    seen = [f"{rule} matched {m} {call} call{'s' if m != 1 else ''} ({role})"
            for (v, rule, call, role), (m, i, _) in sorted(rows.items())
            if v == var and rule in wanted and m]
    return "; " + ", ".join(seen) + ", altering none" if seen else "; it matched no call"
