"""The explorer's grammar: small socket programs drawn from a seed.

A program is a list of steps, each a few words of Tcl that the prelude's
`observe` reports on, so that two implementations can be compared step by
step (sockconf.explore runs them as case files). The grammar draws from what
the manual (spec/socket.n.txt) allows and what users get wrong:

  * servers: every callback form (a proc, a list prefix with extra words, a
    script prefix of two commands, callbacks that raise an error, return
    break, close the new channel, re-enter the event loop, greet, echo),
    -myaddr of every kind the profile offers, port 0, a busy port, bad ports,
    -async / -myport with -server, missing values, extra words;
  * clients: -async, -myaddr and -myport in every order, with good and bad
    values, to our server, to a free port (refused), to a port whose SYNs are
    dropped (pending), to the RST / ICMP / unreachable ports and addresses and
    the names of several addresses that the profile declares;
  * `chan configure` queries and sets of every option, abbreviations and
    unknown options, on every channel at whatever state it is in (pending,
    connecting, connected, failed, closed, server, accepted);
  * I/O (puts, flush, gets, read, eof, fblocked, chan pending), half and full
    closes, fileevent handlers that log, fire once, read, raise an error,
    close their channel or re-enter the event loop, removed and queried;
  * waits on the event loop, each reporting the events, background errors and
    accepted connections seen since the last one.

Program I of seed S is drawn from random.Random(f"{S}:{I}") alone, so it is
the same whatever the machine, the targets, or how many programs run
(reproducible from its seed; profiles are part of the draw, so the list of
profiles must be the same too). The generator keeps a rough model of each
channel's state only to stay clear of operations that would block forever
(a blocking gets with nothing to read, a blocking flush on a connect that
never completes); every other combination, right or wrong, is fair game.

Network safety: every address a program connects to is a loopback literal,
`localhost`, or a name / address the profile declares (spec/PROFILES.md: all
of them resolve to the loopback or to routes inside the harness's namespace
that send nothing). Names that do not resolve are used only where the
profile declares one (a files-only resolver inside a namespace). A non-local
address (TEST-NET-1) appears only as -myaddr, where binding it fails before
any packet is sent, and only inside a namespace.
"""

import random
import re
from dataclasses import dataclass, field

from . import profiles

GRAMMAR_VERSION = 2
TEST_NET = "192.0.2.1"          # RFC 5737: never local inside the harness's namespaces
PROGRAM_TIMEOUT_S = 8
MIN_STEPS, MAX_STEPS = 4, 11
ADDRESS_RE = re.compile(r"^(\d{1,3}(\.\d{1,3}){3}|[0-9a-f:]*:[0-9a-f:]+)$")

# Clauses a step is about (a candidate's frontmatter lists those of its steps).
CLAUSES = {
    "server": ["server.listen.port"],
    "server-bad": ["args.synopsis.other-forms-rejected"],
    "client": ["client.connect.returns-channel"],
    "client-async": ["client.async.returns-immediately"],
    "client-bad": ["args.check-order"],
    "-error": ["option.error.reset"],
    "-sockname": ["option.sockname.client-triple"],
    "-peername": ["option.peername.client-triple"],
    "-connecting": ["client.async.connecting-option"],
    "configure": ["option.readonly"],
    "io": ["description.channel.io"],
    "event": ["client.async.success-event"],
    "wait": ["server.accept.automatic"],
    "close": ["channel.half-close"],
    "misc": ["args.failure-leaves-no-channel"],
}

# The program's fixed part: helpers every step uses. Not subject to minimisation.
PREAMBLE = r"""# The explorer's helpers (sockconf.explore_grammar): each step reports through observe.
interp bgerror {} [list apply {{message opts} {lappend ::xbg $message}}]
set ::xev {}
set ::xbg {}
set ::xacc {}
set ::xnests 0
# x KEY SCRIPT -- run SCRIPT at global level; observe its result, error and -errorcode.
proc x {key script} {
    set rc [catch {uplevel #0 $script} res opts]
    if {$rc == 1} {
        set v [list error $res [dict get $opts -errorcode]]
    } elseif {$rc == 0} {
        set v [list ok $res]
    } else {
        set v [list code $rc $res]
    }
    observe $key $v
    return $v
}
# xwait KEY MS -- run the event loop MS ms (0: one round; never `update`, which a handler
# that is always ready keeps from returning); observe what happened meanwhile.
proc xwait {key ms} {
    after $ms {set ::xwaited 1}
    vwait ::xwaited
    set v [list events [lsort -unique $::xev] bgerrors $::xbg accepted [llength $::xacc]]
    set ::xev {}
    set ::xbg {}
    observe $key $v
    return $v
}
proc xlog {args} {lappend ::xev [join $args]}
# xa N -- the N-th accepted channel.
proc xa {n} {
    if {$n >= [llength $::xacc]} {error "no accepted channel $n"}
    lindex $::xacc $n
}
# Accept callbacks.
proc xacc_keep {chan addr port} {lappend ::xacc $chan; xlog accept $addr}
proc xacc_args {args} {lappend ::xacc [lindex $args end-2]; xlog accept-args [lrange $args 0 end-3]}
proc xacc_greet {chan addr port} {lappend ::xacc $chan; xlog accept $addr; puts $chan hello; flush $chan}
proc xacc_echo {chan addr port} {
    lappend ::xacc $chan
    xlog accept $addr
    chan configure $chan -blocking 0 -buffering line
    chan event $chan readable [list xecho $chan]
}
proc xecho {chan} {
    if {[catch {gets $chan line} n]} {xlog echo-error $n; catch {close $chan}; return}
    if {$n < 0} {
        if {[eof $chan]} {xlog echo-eof; close $chan}
        return
    }
    puts $chan $line
}
proc xacc_close {chan addr port} {xlog accept-close; close $chan}
proc xacc_error {chan addr port} {lappend ::xacc $chan; error "accept callback failed"}
proc xacc_close_error {chan addr port} {close $chan; error "accept callback failed after close"}
proc xacc_break {chan addr port} {lappend ::xacc $chan; return -code break}
proc xacc_reenter {chan addr port} {lappend ::xacc $chan; xlog accept-reenter; xnest}
# xnest -- a nested round of the event loop (re-entrance), bounded.
proc xnest {} {
    set v ::xnest[incr ::xnests]
    after 0 [list set $v 1]
    vwait $v
    unset $v
}
# Channel event handlers: xh KIND NAME WHICH CHAN.
proc xh {kind name which chan} {
    xlog $name $which
    switch -- $kind {
        once {chan event $chan $which {}}
        read {
            if {[catch {gets $chan line} n]} {
                xlog $name read-error $n
                chan event $chan $which {}
            } elseif {$n >= 0} {
                xlog $name line $line
            } elseif {[eof $chan]} {
                xlog $name eof
                chan event $chan $which {}
            }
        }
        error {error "handler $name $which failed"}
        close {close $chan}
        reenter {chan event $chan $which {}; xnest}
    }
}
proc xfds {} {llength [glob -nocomplain -directory /proc/self/fd *]}
"""


@dataclass
class Step:
    key: str            # observation key: stable when other steps are removed
    op: str             # the kind of step, e.g. "configure -peername @server"
    tcl: str            # the step's Tcl (one command line)
    clauses: tuple = ()


@dataclass
class Program:
    seed: int
    index: int
    profile: str
    steps: list
    params: list = field(default_factory=list)      # profile parameters the steps read
    requires: list = field(default_factory=list)
    setup: str = ""                                 # Tcl after the preamble (loopback, free port)
    timeout: float = PROGRAM_TIMEOUT_S

    def name(self):
        return f"seed {self.seed} program {self.index}"


# ---------------------------------------------------------------- what a profile offers

@dataclass
class World:
    """What programs may use in one profile, computed from its registry entry."""
    profile: str
    loopbacks: list
    names: list             # parameter names that are host names
    unresolvable: str       # a parameter naming a name that does not resolve, or ""
    addresses: list         # parameter names holding one local (or unreachable) address
    ports: list             # parameter names holding a special port (reset, reject)
    pending: bool           # filtered-addr / filtered-port: a connect held pending
    netns: bool


def case_param(key):
    """A profile's parameter key (NAME_V6_FIRST) as cases name it (name-v6-first)."""
    return key.lower().replace("_", "-")


def world(profile_name):
    p = profiles.REGISTRY[profile_name]
    params = p.params
    deny = getattr(p, "deny_family", None)
    netns = profile_name != "host"
    if not netns:
        loopbacks = ["127.0.0.1"]
    elif deny == "inet":
        loopbacks = ["::1"]
    elif deny == "inet6":
        loopbacks = ["127.0.0.1"]
    else:
        loopbacks = ["127.0.0.1", "::1"]
    names = sorted(case_param(k) for k in params if k.startswith("NAME_") and k != "NAME_UNRESOLVABLE")
    unresolvable = "name-unresolvable" if "NAME_UNRESOLVABLE" in params else ""
    addresses = sorted(case_param(k) for k, v in params.items()
                       if "PORT" not in k and not k.startswith("NAME_") and ADDRESS_RE.match(str(v))
                       and not k.startswith("FILTERED_"))
    ports = sorted(case_param(k) for k in params if k.endswith("_PORT") and k != "FILTERED_PORT")
    pending = "FILTERED_ADDR" in params and "FILTERED_PORT" in params
    return World(profile_name, loopbacks, names, unresolvable, addresses, ports, pending, netns)


# ---------------------------------------------------------------- the generator's model

@dataclass
class Chan:
    ref: str                # Tcl expression naming the channel: $::c1, [xa 0]
    label: str              # c1, srv1, a0
    kind: str               # client | server | accepted
    state: str              # pending | connecting | connected | failed | closed | server | unknown
    blocking: bool = True
    data: int = 0           # lines known to be waiting to be read
    server: str = ""        # client: label of the server it connects to
    output: bool = False    # client: has written data not known to be flushed to a peer
    echo: bool = False      # client of an echo server: a line it wrote comes back after a wait
    greeted: bool = False   # client of a greeting server: its hello has been counted


class Generator:
    """Draws one program. The model (self.chans) is a belief, used only to avoid
    operations that could block a program forever."""

    def __init__(self, seed, index, profile_names):
        self.rng = random.Random(f"{seed}:{index}:g{GRAMMAR_VERSION}")
        self.seed, self.index = seed, index
        self.world = world(self.rng.choice(list(profile_names)))
        self.params = set()
        self.requires = set()
        self.steps = []
        self.chans = []
        self.servers = {}       # label -> {"callback": name, "families": set, "port": var}
        self.count = {"c": 0, "srv": 0}

    # ---- helpers

    def pick(self, seq):
        return self.rng.choice(list(seq))

    def chance(self, p):
        return self.rng.random() < p

    def param(self, name):
        self.params.add(name)
        return f"[param {name}]"

    def add(self, op, tcl, clauses):
        key = f"s{len(self.steps) + 1}"
        self.steps.append(Step(key, op, tcl, tuple(clauses)))

    def live(self, kinds=("client", "server", "accepted")):
        return [c for c in self.chans if c.kind in kinds]

    # ---- address pools

    def lo(self):
        return self.pick(self.world.loopbacks)

    def remote_host(self):
        """(Tcl word, families it may resolve to or None when unknown, is it a name)."""
        w = self.world
        roll = self.rng.random()
        if roll < 0.45 or not (w.names or w.addresses):
            a = self.lo()
            return a, {"::1": {6}, "127.0.0.1": {4}}[a], False
        if roll < 0.55:
            return "localhost", None, True
        if roll < 0.85 and w.names:
            return self.param(self.pick(w.names)), None, True
        if w.addresses:
            return self.param(self.pick(w.addresses)), None, False
        return self.lo(), None, False

    def local_addr(self):
        w = self.world
        roll = self.rng.random()
        if roll < 0.5:
            return self.lo()
        if roll < 0.6:
            return "localhost"
        if roll < 0.7 and w.netns:
            return TEST_NET                      # not local: bind fails, nothing is sent
        if roll < 0.8 and w.unresolvable:
            return self.param(w.unresolvable)
        if roll < 0.9 and w.names:
            return self.param(self.pick(w.names))
        if w.addresses:
            return self.param(self.pick(w.addresses))
        return self.pick(["0.0.0.0", "::"]) if w.netns else "0.0.0.0"

    # ---- servers

    CALLBACKS = [("xacc_keep", 5), ("xacc_greet", 3), ("xacc_echo", 3), ("[list xacc_args {two words} x]", 2),
                 ("{set ::xpre 1; xacc_keep}", 2), ("xacc_error", 2), ("xacc_close", 1),
                 ("xacc_close_error", 1), ("xacc_break", 1), ("xacc_reenter", 1), ("xnosuchcommand", 1)]

    def callback(self):
        names, weights = zip(*self.CALLBACKS)
        return self.rng.choices(names, weights)[0]

    def gen_server(self):
        self.count["srv"] += 1
        label = f"srv{self.count['srv']}"
        cb = self.callback()
        opts, families, bad = [], None, False
        if self.chance(0.5):
            addr = self.local_addr()
            opts += ["-myaddr", addr]
            families = {"127.0.0.1": {4}, "::1": {6}}.get(addr)
        elif len(self.world.loopbacks) == 2 or not self.world.netns:
            families = {4, 6} if self.world.netns else {4}
        else:
            families = {4} if "127.0.0.1" in self.world.loopbacks else {6}
        port = "0"
        roll = self.rng.random()
        if roll < 0.06 and self.servers:
            port = f"$::p{self.pick(sorted(self.servers))[3:]}"     # in use
            bad = True
        elif roll < 0.1:
            port, bad = self.pick(["-1", "65536", "abc", "{}", "0x10000"]), True
        elif roll < 0.13:
            opts += self.pick([["-myport", "0"], ["-myport", "5000"], ["-async"], ["-bogus"]])
            bad = "-myport 0" not in " ".join(opts)
        elif roll < 0.15:
            port, bad = self.pick(["$::xfree ?extra?", ""]), True
        words = self.shuffle_options(opts)
        where = self.pick([0, 1]) if "-async" in words else 0
        head = ["-server", cb] if where == 0 else []
        tail = [] if where == 0 else ["-server", cb]
        cmd = "socket " + " ".join(x for x in head + words + tail + [port] if x != "")
        n = label[3:]
        tcl = f"set ::{label} [{cmd}]; set ::p{n} [lindex [chan configure $::{label} -sockname] 2]; set ::{label}"
        self.add("server" if not bad else "server-bad", tcl, CLAUSES["server" if not bad else "server-bad"])
        if not bad and not cb.startswith("xnosuch"):
            self.servers[label] = {"callback": cb, "families": families, "port": f"$::p{n}"}
            self.chans.append(Chan(f"$::{label}", label, "server", "server", blocking=False))

    def shuffle_options(self, opts):
        """Option words regrouped as (option value) units and shuffled."""
        units, i = [], 0
        while i < len(opts):
            if opts[i] in ("-myaddr", "-myport") and i + 1 < len(opts):
                units.append(opts[i:i + 2])
                i += 2
            else:
                units.append([opts[i]])
                i += 1
        self.rng.shuffle(units)
        return [w for u in units for w in u]

    # ---- clients

    def gen_client(self):
        self.count["c"] += 1
        label = f"c{self.count['c']}"
        w = self.world
        async_ = self.chance(0.55)
        opts = ["-async"] if async_ else []
        server, state = "", "unknown"
        roll = self.rng.random()
        if roll < 0.6 and self.servers:
            server = self.pick(sorted(self.servers))
            port = self.servers[server]["port"]
            host, fams, _ = self.remote_host()
            if fams is not None and self.servers[server]["families"] is not None:
                ok = bool(fams & self.servers[server]["families"])
                state = ("connecting" if async_ else "connected") if ok else ("failed" if async_ else "error")
        elif roll < 0.75:
            host, fams, _ = self.remote_host()
            port = "$::xfree"
            state = "failed" if async_ else "error"
        elif roll < 0.85 and w.pending and async_:
            host, port = self.param("filtered-addr"), self.param("filtered-port")
            state = "pending"
        elif roll < 0.92 and w.ports and async_:
            host, port = self.lo(), self.param(self.pick(w.ports))
        elif roll < 0.95 and w.unresolvable:
            host, port = self.param(w.unresolvable), "$::xfree"
            state = "error"
        else:
            host, fams, _ = self.remote_host()
            port = self.pick(["$::xfree", "-1", "65536", "abc", "echo", "{}"])
            state = "unknown" if port in ("$::xfree", "echo") else "error"
            if port == "echo" and not async_:
                port = "$::xfree"
        # (a blocking connect to the filtered port would wait for minutes: never drawn)
        if self.chance(0.25):
            opts += ["-myaddr", self.local_addr()]
            if state in ("connected", "connecting"):
                state = "unknown"
        if self.chance(0.08):
            opts += ["-myport", self.pick(["0", "0", "$::xfree", "$::xfree", "-1", "70000", "x"])]
            if state in ("connected", "connecting"):
                state = "unknown"
        bad = False
        if self.chance(0.05):
            opts += self.pick([["-bogus"], ["-my", "x"], ["-async"], ["-server"], ["--"]])
            bad = True
        words = self.shuffle_options(opts)
        tail = [host, port]
        if self.chance(0.02):
            tail, bad = self.pick([[host], [host, port, "extra"], []]), True
        if self.chance(0.02):
            words, bad = words + ["-myaddr"], True
            tail = []
        cmd = "socket " + " ".join(words + tail)
        self.add("client-async" if async_ and not bad else "client-bad" if bad else "client",
                 f"set ::{label} [{cmd}]",
                 CLAUSES["client-bad" if bad else "client-async" if async_ else "client"])
        if bad or state == "error":
            return
        self.chans.append(Chan(f"$::{label}", label, "client", state, server=server))

    # ---- operations on channels

    def target_chan(self):
        """A channel to operate on: mostly a live one, sometimes an accepted one or a closed one."""
        roll = self.rng.random()
        accepted = [s for s in self.servers]
        if roll < 0.15 and accepted:
            n = self.pick([0, 0, 1])
            c = Chan(f"[xa {n}]", f"a{n}", "accepted", "unknown")
            known = next((x for x in self.chans if x.label == c.label), None)
            if known is None:
                self.chans.append(c)
                return c
            return known
        if self.chans:
            return self.pick(self.chans)
        return None

    QUERY = ["-error", "-error", "-sockname", "-sockname", "-peername", "-peername", "-connecting",
             "-connecting", "", "-blocking", "-buffering", "-buffersize", "-encoding", "-eofchar",
             "-translation", "-peer", "-sock", "-err", "-conn", "-e", "-bogus", "-keepalive"]

    def gen_query(self):
        c = self.target_chan()
        if c is None:
            return
        opt = self.pick(self.QUERY)
        cmd = self.pick(["chan configure", "chan configure", "fconfigure"])
        clause = CLAUSES.get(opt, CLAUSES["configure"])
        self.add(f"configure {opt or '(all)'} @{c.state}", f"{cmd} {c.ref} {opt}".rstrip(), clause)

    SETS = [("-blocking", ["0", "1"]), ("-buffering", ["none", "line", "full", "bogus"]),
            ("-translation", ["binary", "lf", "crlf", "auto"]), ("-encoding", ["utf-8", "binary", "iso8859-1"]),
            ("-error", ["x"]), ("-sockname", ["x"]), ("-peername", ["x"]), ("-connecting", ["0"]),
            ("-buffersize", ["1", "100000"]), ("-bogus", ["1"]), ("-eofchar", ["x"])]

    def gen_set(self):
        c = self.target_chan()
        if c is None:
            return
        opt, values = self.pick(self.SETS)
        value = self.pick(values)
        tcl = f"chan configure {c.ref} {opt} {value}"
        if opt == "-blocking":
            if value == "1" and c.state == "pending" and c.output:
                return              # a blocking channel would wait for the connect to flush
            c.blocking = value == "1"
        if self.chance(0.15):
            tcl += " -buffering line"
        self.add(f"configure-set {opt} @{c.state}", tcl, CLAUSES["configure"])

    def may_block(self, c, reading):
        """True when a blocking operation on C could wait forever."""
        if not c.blocking:
            return False
        if c.state in ("failed", "closed", "server"):
            return False
        if reading:
            return c.data <= 0
        return c.state in ("pending", "unknown")

    def gen_io(self):
        c = self.target_chan()
        if c is None:
            return
        roll = self.rng.random()
        if roll < 0.3:
            if self.may_block(c, reading=False) and c.state == "pending":
                return
            flush = self.chance(0.7)
            word = self.pick(["line", "two words", "x"])
            tcl = f"puts {c.ref} {{{word}}}" + (f"; flush {c.ref}" if flush else "")
            c.output = c.output or not flush
            self.add(f"puts @{c.state}", tcl, CLAUSES["io"])
            self.peer_gets_data(c)
        elif roll < 0.4:
            if self.may_block(c, reading=False):
                return
            self.add(f"flush @{c.state}", f"flush {c.ref}", CLAUSES["io"])
        elif roll < 0.65:
            if self.may_block(c, reading=True):
                return
            self.add(f"gets @{c.state}", f"gets {c.ref}", CLAUSES["io"])
            c.data -= 1
        elif roll < 0.75:
            if self.may_block(c, reading=True):
                return
            n = self.pick(["", "1", "5"])
            if n == "" and c.blocking:
                return      # read to the end waits for the peer to close
            self.add(f"read @{c.state}", f"read {c.ref} {n}".rstrip(), CLAUSES["io"])
            c.data = 0
        else:
            what = self.pick(["eof", "fblocked", "chan pending input", "chan pending output"])
            self.add(f"{what} @{c.state}", f"{what} {c.ref}", CLAUSES["io"])

    def peer_gets_data(self, c):
        """A line written on a client of an echo server comes back after a wait."""
        if c.kind == "client" and c.server and self.servers.get(c.server, {}).get("callback") == "xacc_echo":
            c.echo = True

    HANDLERS = [("log", 4), ("once", 3), ("read", 3), ("error", 1), ("close", 1), ("reenter", 1)]

    def gen_event(self):
        c = self.target_chan()
        if c is None:
            return
        which = self.pick(["readable", "writable"])
        roll = self.rng.random()
        if roll < 0.7:
            kinds, weights = zip(*self.HANDLERS)
            kind = self.rng.choices(kinds, weights)[0]
            if kind == "read" and which == "writable":
                kind = "log"
            tcl = f"chan event {c.ref} {which} [list xh {kind} {c.label} {which} {c.ref}]"
            op = f"event {which} {kind} @{c.state}"
        elif roll < 0.85:
            tcl, op = f"chan event {c.ref} {which} {{}}", f"event {which} remove @{c.state}"
        else:
            tcl, op = f"chan event {c.ref} {which}", f"event {which} query @{c.state}"
        self.add(op, tcl, CLAUSES["event"])

    def gen_wait(self):
        ms = self.pick([0, 20, 100, 100, 200])
        key = f"s{len(self.steps) + 1}"
        self.steps.append(Step(key, f"wait {ms}", f"xwait {key} {ms}", tuple(CLAUSES["wait"])))
        if ms >= 100:
            for c in self.chans:
                if c.state == "connecting":
                    c.state = "connected"
                if c.kind == "client" and c.server and c.state == "connected":
                    if self.servers.get(c.server, {}).get("callback") == "xacc_greet" and not c.greeted:
                        c.data += 1
                        c.greeted = True
                    if c.echo:
                        c.data += 1
                        c.echo = False

    def gen_close(self):
        c = self.target_chan()
        if c is None:
            return
        how = self.pick(["", "", "", " write", " read"])
        if how == "" and c.blocking and c.output and c.state in ("pending", "unknown"):
            return          # close would wait to flush into a connect that may never end
        cmd = self.pick(["close", "close", "chan close"])
        self.add(f"close{how} @{c.state}", f"{cmd} {c.ref}{how}", CLAUSES["close"])
        if how == "":
            c.state = "closed"
        elif how == " read":
            c.data = 0

    def gen_misc(self):
        roll = self.rng.random()
        if roll < 0.35:
            self.add("channel count", "llength [chan names sock*]", CLAUSES["misc"])
        elif roll < 0.55:
            self.add("descriptors", "expr {[xfds] - $::xfd0}", CLAUSES["misc"])
        elif roll < 0.75:
            bad = self.pick(["socket", "socket -server", "socket -bogus x 1", "socket -async",
                             "socket -myaddr", "socket -myport 1 x", "socket -server x",
                             "socket -server x -myport 0 -async 0", "socket x"])
            self.add("argument errors", bad, CLAUSES["client-bad"])
        else:
            self.add("after idle", "update idletasks", CLAUSES["wait"])

    # ---- the program

    def program(self):
        n = self.rng.randint(MIN_STEPS, MAX_STEPS)
        if self.chance(0.9):
            self.gen_server()
        self.gen_client()
        if self.chance(0.5):
            self.gen_client()
        moves = [(self.gen_client, 2), (self.gen_server, 1), (self.gen_query, 6), (self.gen_set, 2),
                 (self.gen_io, 4), (self.gen_event, 3), (self.gen_wait, 4), (self.gen_close, 2),
                 (self.gen_misc, 1)]
        fns, weights = zip(*moves)
        guard = 0
        while len(self.steps) < n and guard < 200:
            guard += 1
            self.rng.choices(fns, weights)[0]()
        if not any(s.op.startswith("wait") for s in self.steps[-2:]):
            self.gen_wait()
        self.steps.append(Step("end", "end", "llength [chan names sock*]", tuple(CLAUSES["misc"])))
        w = self.world
        requires = {"names": "names", "multihomed": "multihomed", "unreachable": "unreachable"}.get(w.profile)
        opt_in = getattr(profiles.REGISTRY[w.profile], "opt_in", ())
        if opt_in:
            requires = opt_in[-1]       # an opt-in profile runs only the cases that ask for it
        self.requires = {requires} if requires else ({"ipv4"} if w.profile == "host" else set())
        lo = w.loopbacks[0]
        setup = (f"set ::xfree [free_port {lo}]\n"
                 "# Warm up (the notifier's own descriptors), then count descriptors from here.\n"
                 f"set ::xwarm [socket -server {{apply {{{{c a p}} {{close $c}}}}}} -myaddr {lo} 0]\n"
                 f"close [socket {lo} [lindex [chan configure $::xwarm -sockname] 2]]\n"
                 "xnest\nclose $::xwarm\nset ::xfd0 [xfds]\n")
        return Program(self.seed, self.index, w.profile, self.steps, sorted(self.params),
                       sorted(self.requires), setup)


def generate(seed, index, profile_names):
    """Program INDEX of SEED, drawn among PROFILE_NAMES (same arguments, same program)."""
    return Generator(seed, index, profile_names).program()


def render(program, steps=None, case_id="0001", title=None, header="", checks=None):
    """The text of a case file running PROGRAM (or only STEPS of it). CHECKS maps a step
    key to the value (masked) that an assertion requires of it (candidates)."""
    steps = program.steps if steps is None else steps
    clauses = []
    for s in steps:
        for c in s.clauses:
            if c not in clauses:
                clauses.append(c)
    fm = ["# ---", f"# id: {case_id}",
          f"# title: {(title or f'explorer {program.name()} in profile {program.profile}').replace(': ', ', ')}",
          f"# clauses: [{', '.join(clauses or CLAUSES['misc'])}]"]
    if program.requires:
        fm.append(f"# requires: [{', '.join(program.requires)}]")
    used = sorted({p for p in program.params if any(f"[param {p}]" in s.tcl for s in steps)})
    if used:
        fm.append(f"# params: [{', '.join(used)}]")
    fm += [f"# profiles: [{program.profile}]", f"# timeout: {program.timeout:g}", "# ---"]
    body = [header.rstrip("\n")] if header else []
    body += [PREAMBLE.rstrip("\n"), program.setup.rstrip("\n")]
    if checks:
        body.append(MASK_PROC.rstrip("\n"))
    for s in steps:
        line = s.tcl if s.tcl.startswith("xwait ") else f"x {s.key} {{{s.tcl}}}"
        if s.key == "end":
            # the fixed last step: what is left once the event loop has run a little
            body.append("xwait end.events 20")
        if checks and s.key in checks:
            line = (f"assert_equal {tcl_quote(checks[s.key])} [xmask [{line}]] "
                    f"{tcl_quote(f'step {s.key} ({s.op}) as on the first target')}")
        body.append(line)
    return "\n".join(fm + body) + "\n"


# The masking of compare.normalize, in Tcl, for a candidate's assertion.
MASK_PROC = r"""# xmask VALUE -- channel names and ports masked as the diff masks them (compare.normalize).
proc xmask {value} {
    regsub -all {\msock[0-9a-f]+\M} $value {sock<id>} value
    set out {}
    set from 0
    foreach piece [regexp -all -inline -indices {\m[0-9]{4,5}\M} $value] {
        lassign $piece a b
        append out [string range $value $from [expr {$a - 1}]]
        set n [string range $value $a $b]
        if {[scan $n %d v] == 1 && $v >= 1024 && $v <= 65535} {
            append out <port>
        } else {
            append out $n
        }
        set from [expr {$b + 1}]
    }
    append out [string range $value $from end]
}
"""


def tcl_quote(text):
    """TEXT as one Tcl word (braced when it can be, else backslash-quoted)."""
    text = str(text)
    if text and "{" not in text and "}" not in text and "\\" not in text and "\n" not in text:
        return "{" + text + "}"
    out = []
    for ch in text:
        if ch in '\\"$[]{};':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == " ":
            out.append("\\ ")
        else:
            out.append(ch)
    return "".join(out) or "{}"
