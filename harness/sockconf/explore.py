"""./sockconf explore: a differential explorer of socket implementations.

    ./sockconf explore [--seed S] [--budget N] [--time-limit SECONDS] [--target T]...
                       [--profile P]... [--out DIR] [--jobs N] [--program I]... [--record]

Draws --budget small socket programs from a seeded grammar
(sockconf.explore_grammar), writes each as a real case file (frontmatter, the
prelude's `observe` lines) into a temporary case folder, and runs it on every
target through the harness's own runner (runner.run_case, in the profile's
context, with the eligibility rule of the pytest plugin), so a program gets
the containment, time limit and network safety of a case. The observations
of each other target are compared with those of the first (default tclsh8.6
and ref), masked as the diff masks them (compare.normalize: channel names,
ports). A difference counts when a second run of both targets shows it again
and the first target agrees with itself (else it is flaky).

Differences that spec/explorations.yaml lists as known (with what became of
them: a case, an ambiguity, a finding, a fix) are counted and not chased. The
first other difference of a program is its finding; the later ones are counted
as its consequences (a step that failed differently changes what follows) and
are chased only where they come first. Each new one is minimised (ddmin over the program's steps, each test a run of both
targets, the result confirmed twice) and written to DIR/candidates/ as a case
candidate: frontmatter, the steps, an assertion of the first target's value,
and a comment with the seed and the command that reproduces it, for a person
to classify (conformance bug, compatibility difference, or ambiguity).

DIR/explore.json (schema sockconf-explore/1) holds the figures and every
difference; DIR/explore.html shows it with the record of earlier explorations.
Exit status: 0 nothing new, 1 a new difference, 2 bad usage.
"""

import argparse
import fnmatch
import json
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import casefile, compare, model, paths, profiles, runner, spec, targets
from . import explore_grammar as grammar
from .errors import ConfigError, MetadataError
from .results import now_iso, write_atomic

SCHEMA = "sockconf-explore/1"
KNOWN_FILE = paths.SPEC / "explorations.yaml"
DEFAULT_TARGETS = ("tclsh8.6", "ref")
DEFAULT_SEED = 1
DEFAULT_BUDGET = 100
DEFAULT_TIME_LIMIT = 900.0
PHASE_ONE_SHARE = 0.75          # of the time limit for running programs; the rest minimises
MAX_TESTS = 48                  # runs of a minimisation at most
CONFIRMATIONS = 2               # runs of a minimised program that must show the difference again
VALUE_LIMIT = 400               # characters of a value kept in a signature


# ---------------------------------------------------------------- known differences

@dataclass
class Known:
    id: str
    pairs: list
    op: str
    a: str
    b: str
    became: str
    note: str = ""
    line: int = 0
    profiles: list = field(default_factory=list)

    def matches(self, pair, diff, profile=None):
        if not any(fnmatch.fnmatchcase(pair, p) for p in self.pairs):
            return False
        if self.profiles and profile is not None and profile not in self.profiles:
            return False
        if self.op and not fnmatch.fnmatchcase(diff.op, self.op):
            return False
        if self.a and re.search(self.a, diff.a) is None:
            return False
        return not (self.b and re.search(self.b, diff.b) is None)


KNOWN_KEYS = {"id", "pairs", "op", "a", "b", "became", "note", "profiles"}
BECAME_RE = re.compile(r"^(case \d{4}( \d{4})*|ambiguity [a-z0-9-]+|finding [a-z0-9-]+|fix [0-9a-f]{7,40}|"
                       r"readme .+|explained .+)$")


def load_known(path=KNOWN_FILE):
    """The known differences of spec/explorations.yaml (ConfigError naming file:line)."""
    if not path.exists():
        return [], []
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ConfigError(f"{path}:{mark.line + 1 if mark else 1}: invalid YAML") from None
    lines = {}
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if k.value == "known" and isinstance(v, yaml.SequenceNode):
                lines = {i: item.start_mark.line + 1 for i, item in enumerate(v.value)}
    out, seen = [], set()
    for i, e in enumerate(data.get("known") or []):
        where = f"{path}:{lines.get(i, 1)}"
        if not isinstance(e, dict):
            raise ConfigError(f"{where}: a known difference is a mapping")
        unknown = sorted(set(e) - KNOWN_KEYS)
        if unknown:
            raise ConfigError(f"{where}: unknown key '{unknown[0]}' (known: {', '.join(sorted(KNOWN_KEYS))})")
        for key in ("id", "pairs", "became"):
            if not e.get(key):
                raise ConfigError(f"{where}: a known difference needs {key}")
        if e["id"] in seen:
            raise ConfigError(f"{where}: id {e['id']} is used twice")
        seen.add(e["id"])
        if not BECAME_RE.match(str(e["became"])):
            raise ConfigError(f"{where}: became must be 'case NNNN', 'ambiguity ID', 'finding ID', "
                              "'fix COMMIT', 'readme WHERE' or 'explained WHY'")
        for key in ("a", "b"):
            try:
                re.compile(e.get(key) or "")
            except re.error as exc:
                raise ConfigError(f"{where}: {key} is not a regular expression: {exc}") from None
        out.append(Known(str(e["id"]), [str(p) for p in e["pairs"]], str(e.get("op") or ""),
                         str(e.get("a") or ""), str(e.get("b") or ""), str(e["became"]),
                         str(e.get("note") or ""), lines.get(i, 1), [str(x) for x in e.get("profiles") or []]))
    return out, data.get("runs") or []


# ---------------------------------------------------------------- differences

@dataclass
class Diff:
    key: str            # step key, or "verdict"
    op: str
    a: str              # masked values
    b: str

    @property
    def signature(self):
        op = self.op.split(" @")[0]
        return f"{op}\n{self.a[:VALUE_LIMIT]}\n{self.b[:VALUE_LIMIT]}"


def value_of(record, key):
    obs = record.get("observations") or {}
    return compare.normalize(obs[key]) if key in obs else "<none>"


def differences(program, rec_a, rec_b):
    """The differences between two records of PROGRAM (a list of Diff)."""
    ops = {s.key: s.op for s in program.steps}
    ops["end.events"] = "end"
    out = []
    va, vb = rec_a["verdict"], rec_b["verdict"]
    if va != vb:
        out.append(Diff("verdict", "verdict", va, vb))
    oa, ob = rec_a.get("observations") or {}, rec_b.get("observations") or {}
    for key in sorted(set(oa) | set(ob), key=step_order):
        if va != vb and (key not in oa or key not in ob):
            continue            # a program cut short: the verdict says it
        a, b = value_of(rec_a, key), value_of(rec_b, key)
        if a != b:
            out.append(Diff(key, ops.get(key, key), a, b))
    return out


def step_order(key):
    m = re.match(r"s(\d+)$", key)
    return (0, int(m.group(1)), "") if m else (1, 0, key)


# ---------------------------------------------------------------- running programs

class Worker:
    """Runs programs as case files on the targets, in its own profile contexts."""

    def __init__(self, name, targets_, scale=1.0):
        self.name = name
        self.targets = targets_
        self.scale = scale
        self.contexts = {}
        self.folder = paths.run_tempdir("explore")
        self.counter = 0
        self.registry = spec.load()
        self.runs = 0

    def context(self, profile_name):
        if profile_name not in self.contexts:
            profile = profiles.REGISTRY[profile_name]
            ok, reason = profile.available()
            if not ok:
                self.contexts[profile_name] = (None, f"profile {profile_name} unavailable: {reason}")
            else:
                self.contexts[profile_name] = (profile.start(self.name), "")
        return self.contexts[profile_name]

    def case_of(self, program, steps):
        """The program (only STEPS of it) as a parsed case file in the worker's folder."""
        self.counter += 1
        number = f"{self.counter % 10000:04d}"
        path = self.folder / f"{number}-explore.tcl"
        path.write_text(grammar.render(program, steps, case_id=number), encoding="utf-8")
        try:
            return casefile.parse(path, self.registry)
        except MetadataError as exc:
            raise RuntimeError(f"the explorer wrote a case the harness refuses: {exc}") from None

    def run(self, program, steps=None, which=None):
        """{target name: record} of one run of PROGRAM (STEPS of it) on WHICH targets."""
        steps = program.steps if steps is None else steps
        case = self.case_of(program, steps)
        profile = profiles.REGISTRY[program.profile]
        out = {}
        for t in self.targets:
            if which is not None and t.name not in which:
                continue
            ctx, why = self.context(program.profile)
            decision = model.not_to_run(case, t, profile, lambda: (ctx, "skip", why),
                                        spec.load().target_capabilities())
            if decision is not None:
                out[t.name] = {"verdict": "skip", "message": decision[1], "observations": {}}
                continue
            self.runs += 1
            out[t.name] = runner.run_case(case, t, ctx, self.scale).to_json()
        return out

    def close(self):
        for ctx, _ in self.contexts.values():
            if ctx is not None:
                ctx.close()
        self.contexts.clear()
        paths.remove_tempdir(self.folder)


def confirmed(worker, program, pair, first, diffs, steps=None, runs=1):
    """The DIFFS that RUNS more runs of both targets show again with the same values,
    and the keys where the first target disagreed with itself (flaky)."""
    a, b = pair
    keep = {d.key: d for d in diffs}
    flaky = set()
    for _ in range(runs):
        again = worker.run(program, steps, which=pair)
        for key in list(keep):
            if key == "verdict":
                ok = again[a]["verdict"] == first[a]["verdict"] and again[b]["verdict"] == keep[key].b
            else:
                ok = (value_of(again[a], key) == keep[key].a and value_of(again[b], key) == keep[key].b)
                if value_of(again[a], key) != value_of(first[a], key):
                    flaky.add(key)
            if not ok:
                del keep[key]
    return [d for d in diffs if d.key in keep], flaky


def ddmin(items, test, max_tests=MAX_TESTS, deadline=None):
    """Zeller's delta debugging: a 1-minimal subsequence of ITEMS for which TEST holds
    (TEST(ITEMS) is assumed true), within MAX_TESTS tests and DEADLINE. Returns
    (subsequence, tests made, finished)."""
    cache = {}
    tests = [0]

    def check(subset):
        key = tuple(subset)
        if key not in cache:
            if tests[0] >= max_tests or (deadline is not None and time.monotonic() > deadline):
                raise StopIteration
            tests[0] += 1
            cache[key] = bool(test(list(subset)))
        return cache[key]

    current, n = list(items), 2
    try:
        while len(current) >= 2:
            size = len(current) // n
            chunks = [current[i * size:(i + 1) * size] if i < n - 1 else current[i * size:]
                      for i in range(n)]
            reduced = False
            for chunk in chunks:
                if chunk and check(chunk):
                    current, n, reduced = chunk, 2, True
                    break
            if not reduced:
                for i in range(n):
                    complement = [x for j, c in enumerate(chunks) if j != i for x in c]
                    if complement and check(complement):
                        current, n, reduced = complement, max(n - 1, 2), True
                        break
            if not reduced:
                if n >= len(current):
                    break
                n = min(len(current), n * 2)
        if len(current) == 1 and check([]):
            current = []
    except StopIteration:
        return current, tests[0], False
    return current, tests[0], True


def minimise(worker, program, pair, diff, deadline, max_tests=MAX_TESTS):
    """The steps of PROGRAM that keep DIFF between the targets of PAIR (the fixed last
    step always stays); (steps, tests, finished)."""
    body = [s for s in program.steps if s.key != "end"]
    tail = [s for s in program.steps if s.key == "end"]
    a, b = pair

    def test(indices):
        subset = [body[i] for i in indices]
        recs = worker.run(program, subset + tail, which=pair)
        if diff.key == "verdict":
            return recs[a]["verdict"] == diff.a and recs[b]["verdict"] == diff.b
        if diff.key != "end" and diff.key != "end.events" and diff.key not in {s.key for s in subset}:
            return False
        return value_of(recs[a], diff.key) == diff.a and value_of(recs[b], diff.key) == diff.b

    kept, tests, finished = ddmin(range(len(body)), test, max_tests, deadline)
    return [body[i] for i in kept] + tail, tests, finished


# ---------------------------------------------------------------- candidates

def candidate_text(program, steps, pair, diff, args, number, minimised):
    a, b = pair
    reproduce = (f"./sockconf explore --seed {program.seed} --program {program.index} "
                 + " ".join(f"--target {t}" for t in args.target_specs) + f" --profile {program.profile}")
    header = [
        f"# A case candidate written by sockconf explore (seed {program.seed}, program {program.index},",
        f"# profile {program.profile}): step {diff.key} ({diff.op}) differs between {a} and {b}.",
        f"#   {a}: {one_line(diff.a)}",
        f"#   {b}: {one_line(diff.b)}",
        f"# {'Minimised' if minimised else 'Not fully minimised (time or test limit)'}: "
        f"{len(steps)} of {len(program.steps)} steps.",
        f"# Reproduce: {reproduce}",
        f"#   or run this file: ./sockconf run --cases DIR -k {number:04d} --target {a} --target {b}",
        "# Classify it: a conformance bug (keep the assertion, fix the implementation), a",
        "# compatibility difference (wrap the assertion in `compat`, tclsh 8.6.13's value), or an",
        "# ambiguity of the manual (spec/ambiguities.yaml; accept every reading and observe it);",
        "# then record what became of it in spec/explorations.yaml.",
    ]
    checks = {diff.key: diff.a} if diff.key not in ("verdict", "end.events") else None
    title = f"explorer candidate, step {diff.op.split(' @')[0]} differs between {a} and {b}"
    return grammar.render(program, steps, case_id=f"{number:04d}", title=title,
                          header="\n".join(header), checks=checks)


def one_line(text, limit=200):
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit] + "..."


def slug(text):
    words = re.findall(r"[a-z0-9]+", text.lower())[:6]
    return "-".join(words) or "difference"


# ---------------------------------------------------------------- the exploration

@dataclass
class Finding:
    pair: str
    diff: Diff
    programs: list = field(default_factory=list)
    known: str = ""
    became: str = ""
    flaky: bool = False
    candidate: str = ""
    minimised: dict = field(default_factory=dict)

    def as_dict(self):
        out = {"pair": self.pair, "key": self.diff.key, "op": self.diff.op, "a": self.diff.a, "b": self.diff.b,
               "programs": self.programs, "known": self.known, "became": self.became, "flaky": self.flaky}
        if self.candidate:
            out["candidate"] = self.candidate
        if self.minimised:
            out["minimised"] = self.minimised
        return out


def chosen_profiles(names):
    """Profile names to draw programs in: the given ones (all = every registered), else
    every profile available here that is not opt-in (busy, bsd, windows run only when named)."""
    if names:
        return [p.name for p in profiles.select(names)]
    return [n for n, p in profiles.REGISTRY.items() if p.available()[0] and not getattr(p, "opt_in", ())]


def explore(args, log=print):
    """Run the exploration ARGS describe; returns the explore.json document."""
    started, started_at = time.monotonic(), now_iso()
    deadline = started + args.time_limit
    known, _ = load_known(args.known)
    notes = []
    chosen = targets.select(args.target_specs, notes=notes)
    if len(chosen) < 2:
        raise ConfigError("explore needs two targets or more (--target A --target B)")
    for t in chosen:
        t.probe_version()
    names = chosen_profiles(args.profile)
    if not names:
        raise ConfigError("no profile to explore in")
    first = chosen[0].name
    pairs = [(first, t.name) for t in chosen[1:]]
    indices = args.program if args.program else list(range(args.budget))
    workers = [Worker(f"x{n}", chosen, args.timeout_scale) for n in range(max(1, args.jobs))]
    findings, consequences = {}, {}
    per_program = {}
    stats = {"run": 0, "skipped": 0, "with_differences": 0, "verdicts": {}, "per_profile": {}}
    phase_one = started + args.time_limit * (1.0 if args.program else PHASE_ONE_SHARE)

    def one(worker, index):
        if time.monotonic() > phase_one:
            return None
        program = grammar.generate(args.seed, index, names)
        recs = worker.run(program)
        got = []
        for a, b in pairs:
            if "skip" in (recs[a]["verdict"], recs[b]["verdict"]):
                continue
            diffs = differences(program, recs[a], recs[b])
            # Known differences count on their own. The first other one is the program's
            # finding; the later ones are taken as its consequences (a step that failed
            # differently changes what follows): chased only where they come first.
            fresh = [d for d in diffs if not any(k.matches(f"{a}|{b}", d, program.profile) for k in known)]
            got += [(a, b, d, "known") for d in diffs if d not in fresh]
            if fresh:
                kept, flaky = confirmed(worker, program, (a, b), recs, fresh[:1])
                state = "flaky" if not kept or fresh[0].key in flaky else "new"
                got.append((a, b, fresh[0], state))
                got += [(a, b, d, "consequence") for d in fresh[1:]]
        return program, recs, got

    todo = list(indices)
    results = runner.parallel(args.jobs, todo, one, workers)
    for index, res in zip(todo, results):
        if res is None:
            continue
        program, recs, got = res
        verdicts = {n: r["verdict"] for n, r in recs.items()}
        if all(v == "skip" for v in verdicts.values()):
            stats["skipped"] += 1
            continue
        stats["run"] += 1
        prof = stats["per_profile"].setdefault(program.profile, {"run": 0, "with_differences": 0})
        prof["run"] += 1
        for v in verdicts.values():
            stats["verdicts"][v] = stats["verdicts"].get(v, 0) + 1
        if got:
            stats["with_differences"] += 1
            prof["with_differences"] += 1
        per_program[index] = program
        for a, b, d, state in got:
            pair = f"{a}|{b}"
            if state == "consequence":
                consequences[pair] = consequences.get(pair, 0) + 1
                continue
            kid = next((k for k in known if k.matches(pair, d, program.profile)), None)
            sig = (pair, d.signature)
            f = findings.get(sig)
            if f is None:
                f = findings[sig] = Finding(pair, d, known=kid.id if kid else "",
                                            became=kid.became if kid else "", flaky=state == "flaky")
            f.programs.append(index)
            f.flaky = f.flaky and state == "flaky"
    log(f"explore: {stats['run']} programs run ({stats['skipped']} skipped), "
        f"{stats['with_differences']} with differences, {len(findings)} distinct differences; "
        f"{time.monotonic() - started:.0f}s")

    # Minimise each new difference (first program that showed it), write its candidate.
    new = [f for f in findings.values() if not f.known and not f.flaky]
    out = Path(args.out)
    cand_dir = out / "candidates"
    if cand_dir.exists():
        for old in cand_dir.glob("*.tcl"):
            old.unlink()
    cand_dir.mkdir(parents=True, exist_ok=True)

    def chase(worker, item):
        number, f = item
        program = per_program[f.programs[0]]
        a, b = f.pair.split("|")
        if args.no_minimise:
            steps, tests, finished = program.steps, 0, False
        else:
            steps, tests, finished = minimise(worker, program, (a, b), f.diff, deadline)
        recs = worker.run(program, steps, which=(a, b))
        still = [d for d in differences(program, recs[a], recs[b]) if d.key == f.diff.key
                 and d.a == f.diff.a and d.b == f.diff.b]
        ok, _ = confirmed(worker, program, (a, b), recs, still, steps, runs=CONFIRMATIONS) if still else ([], set())
        if not ok:
            # the minimised program lost it: keep the whole program as the candidate
            steps, finished = program.steps, False
        text = candidate_text(program, steps, (a, b), f.diff, args, number, finished and bool(ok))
        path = cand_dir / f"{number:04d}-{slug(f.diff.op.split(' @')[0])}.tcl"
        path.write_text(text, encoding="utf-8")
        f.candidate = str(path.relative_to(out))
        f.minimised = {"from": len(program.steps), "to": len(steps), "tests": tests,
                       "finished": bool(finished and ok)}
        return f

    if new:
        log(f"explore: minimising {len(new)} new differences")
        runner.parallel(args.jobs, list(enumerate(new, start=1)), chase, workers)
    for w in workers:
        w.close()
    doc = {
        "schema": SCHEMA, "started": started_at, "finished": now_iso(),
        "seconds": round(time.monotonic() - started, 1),
        "seed": args.seed, "budget": args.budget, "time_limit": args.time_limit,
        "grammar": grammar.GRAMMAR_VERSION, "programs_selected": indices if args.program else None,
        "targets": {t.name: {**t.describe()} for t in chosen},
        "pairs": [f"{a}|{b}" for a, b in pairs], "profiles": names,
        "command": "./sockconf explore " + " ".join(args.argv),
        "programs": stats,
        "differences": [f.as_dict() for f in sorted(findings.values(),
                                                    key=lambda f: (f.pair, bool(f.known), f.programs[0]))],
        "consequences": consequences,
        "counts": {"distinct": len(findings), "known": sum(bool(f.known) for f in findings.values()),
                   "flaky": sum(f.flaky and not f.known for f in findings.values()),
                   "new": len(new)},
        "runs": sum(w.runs for w in workers),
        "notes": notes,
    }
    return doc


def summary_lines(doc):
    c, p = doc["counts"], doc["programs"]
    lines = [f"explore: seed {doc['seed']}: {p['run']} programs on {', '.join(doc['targets'])} "
             f"in {len(p['per_profile'])} profiles, {doc['runs']} interpreter runs, {doc['seconds']:.0f}s",
             f"explore: {c['distinct']} distinct differences: {c['known']} known, {c['flaky']} flaky, "
             f"{c['new']} new"]
    for d in doc["differences"]:
        if d["known"]:
            continue
        state = "flaky" if d["flaky"] else f"NEW -> {d.get('candidate', '')}"
        lines.append(f"  {d['pair']} {d['key']} ({d['op']}): {one_line(d['a'], 80)} | "
                     f"{one_line(d['b'], 80)}  [{state}; programs {' '.join(map(str, d['programs'][:8]))}]")
    return lines


# ---------------------------------------------------------------- records and pages

def record_run(doc, path=KNOWN_FILE):
    """Replace the runs: block of spec/explorations.yaml by this run's figures for its
    pairs (the known: list above it is kept as written)."""
    text = path.read_text(encoding="utf-8") if path.exists() else "known: []\n"
    marker = "\nruns:"
    head = text[:text.index(marker) + 1] if marker in text else text.rstrip("\n") + "\n\n"
    _, runs = load_known(path)
    runs = [r for r in runs if r.get("pair") not in doc["pairs"]]
    commit = git_commit()
    for pair in doc["pairs"]:
        mine = [d for d in doc["differences"] if d["pair"] == pair]
        became = {}
        for d in mine:
            if d["known"]:
                became[d["known"]] = became.get(d["known"], 0) + 1
        runs.append({"pair": pair, "seed": doc["seed"], "programs": doc["programs"]["run"],
                     "profiles": doc["profiles"], "date": doc["finished"], "commit": commit,
                     "seconds": doc["seconds"], "distinct": len(mine),
                     "known": sum(bool(d["known"]) for d in mine),
                     "flaky": sum(d["flaky"] and not d["known"] for d in mine),
                     "new": sum(not d["known"] and not d["flaky"] for d in mine),
                     "by_known": dict(sorted(became.items()))})
    runs.sort(key=lambda r: r["pair"])
    block = ("runs:   # the last full exploration of each pair: written by ./sockconf explore --record\n"
             + yaml.safe_dump(runs, sort_keys=False, default_flow_style=None, width=100)) if runs else "runs: []\n"
    write_atomic(path, head + block)


def git_commit():
    try:
        out = subprocess.run(["git", "-C", str(paths.ROOT), "rev-parse", "--short", "HEAD"],
                             capture_output=True, text=True, timeout=10)
        return out.stdout.strip() if out.returncode == 0 else ""
    except (OSError, subprocess.TimeoutExpired):
        return ""


def page_model(doc, known_path=KNOWN_FILE):
    """What explore.html shows: this exploration (DOC, may be None) and the record of
    spec/explorations.yaml (known differences and the last full run of each pair); its
    strings as the implementations gave them (reports.explore_page makes them safe)."""
    try:
        known, runs = load_known(known_path)
    except ConfigError as exc:
        known, runs = [], []
        problem = str(exc)
    else:
        problem = ""
    hits = {}
    for d in (doc or {}).get("differences", []):
        if d.get("known"):
            hits[d["known"]] = hits.get(d["known"], 0) + len(d.get("programs", []))
    return {
        "doc": doc, "runs": runs, "problem": problem,
        "known": [{"id": k.id, "pairs": ", ".join(k.pairs), "op": k.op, "a": k.a, "b": k.b,
                   "became": k.became, "note": k.note, "hits": hits.get(k.id, 0)} for k in known],
    }


README_BEGIN, README_END = "<!-- explore:begin -->", "<!-- explore:end -->"


def readme_block(known_path=KNOWN_FILE):
    """The README's figures of the last full explorations, from spec/explorations.yaml."""
    known, runs = load_known(known_path)
    by_id = {k.id: k for k in known}
    lines = ["| pair | seed | programs | profiles | distinct differences | known | flaky | new | when |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in runs:
        lines.append(f"| {r['pair'].replace('|', ' vs ')} | {r['seed']} | {r['programs']} | "
                     f"{len(r.get('profiles', []))} | {r['distinct']} | {r['known']} | {r['flaky']} | "
                     f"{r['new']} | {r.get('date', '')[:10]} ({r.get('commit', '')}) |")
    lines.append("")
    lines.append("What became of the known differences they found (`spec/explorations.yaml`):")
    lines.append("")
    for r in runs:
        for kid, n in (r.get("by_known") or {}).items():
            k = by_id.get(kid)
            lines.append(f"* {r['pair'].replace('|', ' vs ')}: `{kid}` ({n} × ): "
                         f"{k.became if k else 'no longer listed'}" + (f" — {k.note}" if k and k.note else ""))
    return "\n".join(lines)


def write_readme(path=paths.ROOT / "README.md", known_path=KNOWN_FILE):
    text = path.read_text(encoding="utf-8")
    if README_BEGIN not in text or README_END not in text:
        raise ConfigError(f"{path}: no {README_BEGIN} ... {README_END} block")
    head, rest = text.split(README_BEGIN, 1)
    _, tail = rest.split(README_END, 1)
    write_atomic(path, head + README_BEGIN + "\n" + readme_block(known_path) + "\n" + README_END + tail)


# ---------------------------------------------------------------- command line

def add_arguments(p):
    p.add_argument("--seed", type=int, default=DEFAULT_SEED, help="seed of the programs (default 1)")
    p.add_argument("--budget", type=int, default=DEFAULT_BUDGET, metavar="N", help="programs to draw (default 100)")
    p.add_argument("--time-limit", type=float, default=DEFAULT_TIME_LIMIT, metavar="SECONDS",
                   help="stop drawing programs at 3/4 of it, and minimising at it (default 900)")
    p.add_argument("--target", action="append", default=[], metavar="T", dest="target_specs",
                   help="target (as for run); the first is compared with each other; default tclsh8.6 and ref")
    p.add_argument("--profile", action="append", default=[], metavar="P",
                   help="profile to draw programs in (repeatable, all); default every available one")
    p.add_argument("--out", default=str(paths.REPORTS / "explore"), metavar="DIR",
                   help="explore.json, explore.html and candidates/ (default reports/explore)")
    p.add_argument("--jobs", "-j", type=int, default=1, metavar="N", help="parallel workers (default 1)")
    p.add_argument("--program", action="append", type=int, default=[], metavar="I",
                   help="run only program I of the seed (repeatable): reproduces a finding")
    p.add_argument("--timeout-scale", type=float, default=1.0, metavar="X", help="multiply program timeouts")
    p.add_argument("--no-minimise", action="store_true", help="write new differences unminimised")
    p.add_argument("--record", action="store_true",
                   help="write this run's figures into spec/explorations.yaml (runs:) and the README")
    p.add_argument("--known", default=str(KNOWN_FILE), metavar="FILE", help=argparse.SUPPRESS)


def cmd_explore(args, render_page):
    """`sockconf explore`: the run, explore.json and RENDER_PAGE(doc, known_path=...)'s
    explore.html (reports.explore_page; the pages are the reports' job) in --out."""
    args.known = Path(args.known)
    if args.budget < 1 and not args.program:
        raise ConfigError("--budget must be at least 1")
    if args.time_limit <= 0:
        raise ConfigError("--time-limit must be a positive number of seconds")
    if args.jobs < 1:
        raise ConfigError("--jobs must be at least 1")
    if any(i < 0 for i in args.program):
        raise ConfigError("--program numbers start at 0")
    args.target_specs = args.target_specs or list(DEFAULT_TARGETS)
    if not hasattr(args, "argv"):
        args.argv = []
    out = Path(args.out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"--out {out}: {exc.strerror}") from None
    paths.reap_stale_tempdirs()
    doc = explore(args, log=lambda m: print(m, file=sys.stderr, flush=True))
    write_atomic(out / "explore.json", json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
    write_atomic(out / "explore.html", render_page(doc, known_path=args.known))
    for line in summary_lines(doc):
        print(line)
    if args.record:
        record_run(doc, args.known)
        write_readme(known_path=args.known)
    print(f"explore: -> {out / 'explore.json'}, {out / 'explore.html'}")
    return 1 if doc["counts"]["new"] else 0
