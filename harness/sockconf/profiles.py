"""Profiles: the host network set-ups a case runs in.

A Profile says whether it can run here (available) and starts a context for
one pytest worker (start). A context wraps a case's argv so the interpreter
runs inside the set-up, adds environment (SOCKCONF_P_* parameters for the
prelude's `param`), and knows the capabilities the set-up offers.

`host` is the machine as it is. Every other profile is a Linux network
namespace per worker (sockconf.netns), made at start() and removed at close();
what each one emulates, and what it cannot, is spec/PROFILES.md.
"""

import json
import os
import shutil
import sys
from pathlib import Path

from . import hermetic, launch, netns, paths
from .errors import ConfigError

PROBE = Path(__file__).with_name("probe.py")
PROBE_TIMEOUT_S = 30
# SOCKCONF_FAULT_SHIM names another build of the shim (the self-tests use it for a broken one)
SHIM = Path(os.environ.get("SOCKCONF_FAULT_SHIM") or paths.HARNESS / "native" / "build" / "libsockconf-fault.so")
SHIM_MISSING = "harness/native not built (make native)"


class ProfileError(RuntimeError):
    """A profile could not be set up or probed: its items are the harness's errors."""


class Context:
    """A started profile for one worker. The host context changes nothing.

    sockconf.launch reads `netns` (a namespace name, or None) and `etc_dir`
    (files bind-mounted over /etc, or None) to start programs inside it."""

    netns = None
    etc_dir = None

    def __init__(self, name, env=None, provides=()):
        self.name = name
        self.env = dict(env or {})
        self.provides = set(provides)
        self._capabilities = None

    def probe_env(self):
        """Environment of the capability probe: what a case sees, the fault shim included."""
        return {**os.environ, **self.env}

    @property
    def capabilities(self):
        """Capability ids offered here: probed once, plus what the profile provides."""
        if self._capabilities is None:
            out = launch.run([sys.executable, str(PROBE)], context=self, env=self.probe_env(),
                             timeout_s=PROBE_TIMEOUT_S)
            try:
                if out.returncode != 0:
                    raise ValueError(out.launch_error or (out.stderr.strip().splitlines() or
                                                          [f"status {out.returncode}"])[-1])
                probed = json.loads(out.stdout)
                if not isinstance(probed, dict):
                    raise ValueError("the probe did not print a JSON object")
            except ValueError as exc:
                what = "timed out" if out.timed_out else str(exc)
                raise ProfileError(f"capability probe failed in profile {self.name}: {what}") from None
            self._capabilities = {k for k, v in probed.items() if v} | self.provides
        return self._capabilities

    def close(self):
        pass


def param_name(name):
    """A case's parameter name (v4-extra) as profiles declare it (V4_EXTRA)."""
    return name.upper().replace("-", "_").replace(".", "_")


class Profile:
    name = "host"
    description = "the machine as it is, no namespace"
    params = {}                 # SOCKCONF_P_<NAME> values for the prelude's `param`
    # Capabilities of which a case must require one to run here (or name the profile in its
    # profiles:); empty: every case that fits runs. For set-ups that only some cases are about.
    opt_in = ()

    def excludes(self, case):
        """Why CASE does not run in this profile ("" when it does): an opt-in profile runs only
        the cases that ask for it, a skip the harness decides before anything starts."""
        if not self.opt_in or set(self.opt_in) & set(case.requires) or \
                (case.profiles is not None and self.name in case.profiles):
            return ""
        return (f"profile {self.name} runs only the cases that require "
                f"{' or '.join(self.opt_in)}")

    def declares(self, name):
        """True when this profile declares the case parameter NAME (v4-extra)."""
        return param_name(name) in self.params

    def available(self):
        """(True, "") or (False, reason why this profile cannot run here)."""
        return True, ""

    def start(self, worker):
        return Context(self.name)


# ---------------------------------------------------------------- namespace profiles

HOSTS_HEAD = "# written by sockconf for one network namespace; removed with it\n"
HOSTS_DUAL = HOSTS_HEAD + "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"

# glibc's default RFC 6724 table gives ::1 precedence 50 and IPv4 (::ffff:0:0/96) 35, so
# getaddrinfo(AF_UNSPEC) puts ::1 before 127.0.0.1 whatever the hosts file says. Raising IPv4
# to 50 makes the two tie on every rule, and glibc then keeps the hosts-file order (its last
# rule). A gai.conf that sets one precedence replaces the whole table, hence all five lines.
GAI_FILE_ORDER = """# written by sockconf: IPv4 and ::1 tie, so the hosts file's order is kept
precedence  ::1/128       50
precedence  ::/0          40
precedence  2002::/16     30
precedence  ::/96         20
precedence  ::ffff:0:0/96 50
"""

# Run inside a namespace (python3 -c) to check that it was set up as designed. argv[1] is a
# JSON object of checks; prints nothing and exits 0, or prints what is wrong and exits 1.
VERIFY = r"""
import errno, json, socket, sys, time
checks = json.loads(sys.argv[1])
bad = []
for fam_name in checks.get("denied", []):
    fam = getattr(socket, fam_name)
    try:
        socket.socket(fam, socket.SOCK_STREAM).close()
        bad.append(f"socket({fam_name}) was not denied")
    except OSError as e:
        if e.errno != errno.EAFNOSUPPORT:
            bad.append(f"socket({fam_name}) failed with {e}, not EAFNOSUPPORT")
for addr in checks.get("bindable", []):
    fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
    try:
        s = socket.socket(fam, socket.SOCK_STREAM)
        s.bind((addr, 0))
        s.close()
    except OSError as e:
        bad.append(f"cannot bind {addr}: {e}")
for addr in checks.get("unbindable", []):
    fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
    try:
        s = socket.socket(fam, socket.SOCK_STREAM)
        try:
            s.bind((addr, 0))
            bad.append(f"{addr} is bindable but should not exist here")
        finally:
            s.close()
    except OSError:
        pass
for name, want in checks.get("resolves", {}).items():
    try:
        got = [i[4][0] for i in socket.getaddrinfo(name, 80, 0, socket.SOCK_STREAM)]
    except OSError as e:
        got = str(e)
    if got != want:
        bad.append(f"getaddrinfo({name}) gives {got}, expected {want}")
for name in checks.get("unresolvable", []):
    try:
        got = [i[4][0] for i in socket.getaddrinfo(name, 80, 0, socket.SOCK_STREAM)]
        bad.append(f"{name} resolves to {got}")
    except OSError:
        pass
for addr, port in checks.get("pending", []):
    fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_STREAM)
    s.setblocking(False)
    rc = s.connect_ex((addr, port))
    time.sleep(0.3)
    err = s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
    if rc != errno.EINPROGRESS or err != 0:
        bad.append(f"connect to [{addr}]:{port} is not pending (rc {rc}, SO_ERROR {err})")
    s.close()
if "time_wait_at_least" in checks:
    n = 0
    for name in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(name) as f:
            n += sum(1 for line in f if line.split()[3:4] == ["06"])
    if n < checks["time_wait_at_least"]:
        bad.append(f"{n} sockets in TIME_WAIT, expected at least {checks['time_wait_at_least']}")
if "v6only_default" in checks:
    s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    got = s.getsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY)
    s.close()
    if got != checks["v6only_default"]:
        bad.append(f"a new AF_INET6 socket has IPV6_V6ONLY {got}, expected {checks['v6only_default']}")
for addr, port in checks.get("host_unreachable", []):
    fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_STREAM)
    s.settimeout(2)
    rc = s.connect_ex((addr, port))
    s.close()
    if rc != errno.EHOSTUNREACH:
        bad.append(f"connect to [{addr}]:{port} gives {errno.errorcode.get(rc, rc)}, not EHOSTUNREACH")
if bad:
    print("; ".join(bad))
    sys.exit(1)
"""


class NetnsContext(Context):
    """A profile running inside its own network namespace (one per worker)."""

    def __init__(self, name, namespace, env=None, provides=()):
        super().__init__(name, env=env, provides=provides)
        self.namespace = namespace
        self.netns = namespace.name
        self.etc_dir = namespace.etc_dir()

    def close(self):
        self.namespace.destroy()


class NetnsProfile(Profile):
    """A network namespace with lo up, plus what the subclass adds (configure)."""

    name = "dual"
    description = "own network namespace: lo with 127.0.0.1 and ::1, localhost = both"
    provides = ("netns",)
    deny_family = None          # "inet" / "inet6": LD_PRELOAD fault shim makes socket() fail
    needs = ()                  # extra programs on PATH
    hosts = HOSTS_DUAL
    gai = None

    def available(self):
        """Namespace profiles cannot run without Linux, root and `ip` (their
        items are skips, as documented); everything else a profile needs is a
        set-up prerequisite (missing()), whose absence is the harness's error."""
        reason = netns.unavailable_reason()
        return (False, reason) if reason else (True, "")

    def missing(self):
        """Why this profile cannot be set up although namespaces can be made, or ""."""
        for prog in self.needs:
            if shutil.which(prog) is None:
                return f"`{prog}` not found on PATH"
        if not SHIM.is_file():
            return SHIM_MISSING
        return ""

    def files(self):
        """Files for /etc/netns/<ns>/ (bind-mounted over /etc/ by `ip netns exec`)."""
        out = {"hosts": self.hosts}
        # Files-only host look-ups even without the hermetic wrapper (no DNS query can be made).
        out["nsswitch.conf"] = hermetic.conf_text()
        if self.gai:
            out["gai.conf"] = self.gai
        return out

    def env(self):
        env = {f"SOCKCONF_P_{k}": v for k, v in self.params.items()}
        env["SOCKCONF_PROFILE"] = self.name
        # The fault shim is preloaded in every namespace profile (capability fault-shim):
        # it does nothing until SOCKCONF_FAULT_DENY_FAMILY or SOCKCONF_FAULT_FAIL asks.
        if self.deny_family:
            env["SOCKCONF_FAULT_DENY_FAMILY"] = self.deny_family
        preload = [p for p in os.environ.get("LD_PRELOAD", "").replace(":", " ").split() if p]
        env["LD_PRELOAD"] = " ".join(preload + [launch.preload_path(SHIM)])
        return env

    def make_context(self, ns):
        return NetnsContext(self.name, ns, env=self.env(), provides=self.provides)

    def configure(self, ns):
        """Profile-specific set-up inside the namespace (lo is up already)."""

    def checks(self):
        """What VERIFY must find inside the finished namespace."""
        return {}

    def start(self, worker):
        ok, reason = self.available()
        if not ok:
            raise ConfigError(f"profile {self.name} unavailable: {reason}")
        reason = self.missing()
        if reason:
            raise ProfileError(reason)
        ns = netns.Namespace(self.name, worker)
        try:
            ns.create(self.files())
            self.configure(ns)
            ctx = self.make_context(ns)
            checks = self.checks()
            if checks:
                out = ns.run([sys.executable, "-c", VERIFY, json.dumps(checks)], check=False,
                             env={**os.environ, **ctx.env})
                if out.returncode != 0:
                    raise netns.NetnsError(f"profile {self.name} is not set up as designed: "
                                           f"{(out.stdout + out.stderr).strip()}")
        except BaseException:
            ns.destroy()
            raise
        return ctx


# Every namespace profile holds connects pending two ways (spec/PROFILES.md):
#   * SYNs to FILTERED_PORT are dropped (nftables, inside the namespace), so a connect there
#     stays in progress for as long as a case wants (until the SYN retries run out, about two
#     minutes): capability pending-connect, params filtered-addr(6) and filtered-port;
#   * the listen queue is short (net.core.somaxconn, per namespace), so a case that needs a
#     pending connect it can let through later (harness/tcl/include/pending.tcl: fill the
#     queue of a server that does not accept, then replace the server) fills it with
#     HOLD_SOMAXCONN + 1 connections instead of the host's 4097.
FILTERED_PORT = 9
HOLD_SOMAXCONN = 64
HOLD_RULES = f"""
table inet sockconf-hold {{
    chain input {{
        type filter hook input priority 0; policy accept;
        tcp dport {FILTERED_PORT} tcp flags & (syn | ack) == syn drop
    }}
}}
"""


def hold_params(v4="127.0.0.1", v6="::1"):
    """The filtered port's parameters; FILTERED_ADDR is the profile's own loopback address
    (::1 where there is no IPv4), FILTERED_ADDR6 is there only with IPv6."""
    out = {"FILTERED_ADDR": v4 or v6, "FILTERED_PORT": str(FILTERED_PORT)}
    if v6:
        out["FILTERED_ADDR6"] = v6
    return out


def hold_connects(ns, rules=HOLD_RULES):
    ns.nft(rules)
    ns.sysctl("net.core.somaxconn", HOLD_SOMAXCONN)


class DualProfile(NetnsProfile):
    provides = ("netns", "pending-connect")
    needs = ("nft",)
    params = hold_params()

    def configure(self, ns):
        hold_connects(ns)

    def checks(self):
        return {"bindable": ["127.0.0.1", "::1"],
                "resolves": {"localhost": ["::1", "127.0.0.1"]}}


# A name with an address of each family, listed with the family the host lacks first. glibc
# sorts that address last anyway (RFC 6724 rule 1, "avoid unusable destinations"), as on a real
# single-family host; an implementation that ignores the resolver's order meets it first.
NAME_DUAL = "dual.sockconf.test"


class V4OnlyProfile(NetnsProfile):
    name = "v4only"
    description = ("own namespace without IPv6: IPv6 disabled by sysctl and socket(AF_INET6) "
                   "failing with EAFNOSUPPORT (fault shim); localhost = 127.0.0.1")
    provides = ("netns", "pending-connect")
    needs = ("nft",)
    deny_family = "inet6"
    # Debian's default hosts file keeps ::1 under ip6-localhost; localhost is IPv4 only, as a
    # host installed without IPv6 has it.
    hosts = (HOSTS_HEAD + "127.0.0.1\tlocalhost\n::1\tip6-localhost ip6-loopback\n"
             + f"::1\t{NAME_DUAL}\n127.0.0.1\t{NAME_DUAL}\n")
    params = {"NAME_DUAL": NAME_DUAL, **hold_params(v6=None)}

    def configure(self, ns):
        hold_connects(ns)
        for key in ("net.ipv6.conf.all.disable_ipv6", "net.ipv6.conf.default.disable_ipv6",
                    "net.ipv6.conf.lo.disable_ipv6"):
            ns.sysctl(key, 1)

    def checks(self):
        return {"denied": ["AF_INET6"], "bindable": ["127.0.0.1"],
                "resolves": {"localhost": ["127.0.0.1"], NAME_DUAL: ["127.0.0.1", "::1"]}}


class V6OnlyProfile(NetnsProfile):
    name = "v6only"
    description = ("own namespace without IPv4: 127.0.0.1/8 removed from lo and socket(AF_INET) "
                   "failing with EAFNOSUPPORT (fault shim); localhost = ::1")
    provides = ("netns", "pending-connect")
    needs = ("nft",)
    deny_family = "inet"
    hosts = (HOSTS_HEAD + "::1\tlocalhost ip6-localhost ip6-loopback\n"
             + f"127.0.0.1\t{NAME_DUAL}\n::1\t{NAME_DUAL}\n")
    params = {"NAME_DUAL": NAME_DUAL, **hold_params(v4=None)}

    def configure(self, ns):
        hold_connects(ns)
        ns.ip("addr", "del", "127.0.0.1/8", "dev", "lo")

    def checks(self):
        return {"denied": ["AF_INET"], "bindable": ["::1"], "unbindable": ["127.0.0.1"],
                "resolves": {"localhost": ["::1"], NAME_DUAL: ["::1", "127.0.0.1"]}}


V4_EXTRA = ["127.0.0.2", "127.0.0.3"]
V6_EXTRA = ["fd00:5c::1", "fd00:5c::2"]     # ULA, assigned inside the namespace only
MULTI_V4 = "multi4.sockconf.test"
MULTI_V6 = "multi6.sockconf.test"
MULTI_ALL = "multi.sockconf.test"


class MultihomedProfile(NetnsProfile):
    name = "multihomed"
    description = ("own namespace with extra local addresses: 127.0.0.2, 127.0.0.3, fd00:5c::1, "
                   "fd00:5c::2 on lo, and names resolving to several of them")
    provides = ("netns", "multihomed", "pending-connect")
    needs = ("nft",)
    hosts = (HOSTS_DUAL
             + "".join(f"{a}\thost{i + 2}-v4.sockconf.test\n" for i, a in enumerate(V4_EXTRA))
             + "".join(f"{a}\thost{i + 1}-v6.sockconf.test\n" for i, a in enumerate(V6_EXTRA))
             + "".join(f"{a}\t{MULTI_V4} {MULTI_ALL}\n" for a in V4_EXTRA)
             + "".join(f"{a}\t{MULTI_V6} {MULTI_ALL}\n" for a in V6_EXTRA))
    params = {
        "V4_EXTRA": V4_EXTRA[0], "V4_EXTRA2": V4_EXTRA[1], "V4_EXTRAS": " ".join(V4_EXTRA),
        "V6_EXTRA": V6_EXTRA[0], "V6_EXTRA2": V6_EXTRA[1], "V6_EXTRAS": " ".join(V6_EXTRA),
        "NAME_V4_EXTRA2": "host3-v4.sockconf.test", "NAME_V6_EXTRA2": "host2-v6.sockconf.test",
        "NAME_MULTI_V4": MULTI_V4, "NAME_MULTI_V6": MULTI_V6, "NAME_MULTI": MULTI_ALL,
        **hold_params(),
    }

    def configure(self, ns):
        hold_connects(ns)
        # 127.0.0.0/8 is local on lo anyway; explicit addresses make them real interface
        # addresses (ip addr shows them, as on a machine with several interfaces).
        for a in V4_EXTRA:
            ns.ip("addr", "add", f"{a}/8", "dev", "lo")
        for a in V6_EXTRA:
            ns.ip("addr", "add", f"{a}/128", "dev", "lo", "nodad")

    def checks(self):
        return {"bindable": V4_EXTRA + V6_EXTRA,
                "resolves": {MULTI_V4: V4_EXTRA, MULTI_V6: V6_EXTRA,
                             "host3-v4.sockconf.test": [V4_EXTRA[1]],
                             "host2-v6.sockconf.test": [V6_EXTRA[1]]}}


NAME_V6_FIRST = "v6first.sockconf.test"
NAME_V4_FIRST = "v4first.sockconf.test"
NAME_DEAD_FIRST = "deadfirst.sockconf.test"
NAME_UNRESOLVABLE = "no-such-host.sockconf.invalid"
DEAD_ADDR, LIVE_ADDR = "127.0.0.3", "127.0.0.2"


class NamesProfile(NetnsProfile):
    name = "names"
    description = ("own namespace whose hosts file has names resolving to ::1 and 127.0.0.1 in "
                   "both orders, to an unused then a used IPv4 address, and one that does not resolve")
    provides = ("netns", "names", "pending-connect")
    needs = ("nft",)
    hosts = (HOSTS_DUAL
             + f"{LIVE_ADDR}\tlive.sockconf.test\n{DEAD_ADDR}\tdead.sockconf.test\n"
             + f"::1\t{NAME_V6_FIRST}\n127.0.0.1\t{NAME_V6_FIRST}\n"
             + f"127.0.0.1\t{NAME_V4_FIRST}\n::1\t{NAME_V4_FIRST}\n"
             + f"{DEAD_ADDR}\t{NAME_DEAD_FIRST}\n{LIVE_ADDR}\t{NAME_DEAD_FIRST}\n")
    gai = GAI_FILE_ORDER
    params = {
        "NAME_V6_FIRST": NAME_V6_FIRST, "NAME_V4_FIRST": NAME_V4_FIRST,
        "NAME_DEAD_FIRST": NAME_DEAD_FIRST, "DEAD_ADDR": DEAD_ADDR, "LIVE_ADDR": LIVE_ADDR,
        "NAME_UNRESOLVABLE": NAME_UNRESOLVABLE, **hold_params(),
    }

    def configure(self, ns):
        hold_connects(ns)

    def missing(self):
        reason = super().missing()
        if not reason and not Path("/etc/gai.conf").is_file():
            # a namespace's gai.conf can only be bind-mounted over an existing file
            return "/etc/gai.conf does not exist (needed to order the resolver's answers)"
        return reason

    def checks(self):
        return {"resolves": {NAME_V6_FIRST: ["::1", "127.0.0.1"],
                             NAME_V4_FIRST: ["127.0.0.1", "::1"],
                             NAME_DEAD_FIRST: [DEAD_ADDR, LIVE_ADDR]},
                "unresolvable": [NAME_UNRESOLVABLE]}


RESET_PORT, REJECT_PORT = 19, 29
UNREACH_NET, UNREACH_ADDR = "198.18.0.0/15", "198.18.0.1"            # RFC 2544 benchmark range
UNREACH_NET6, UNREACH_ADDR6 = "fd00:5c:dead::/48", "fd00:5c:dead::1"   # ULA, namespace only
NFT_RULES = f"""
table inet sockconf {{
    chain input {{
        type filter hook input priority 0; policy accept;
        tcp dport {FILTERED_PORT} tcp flags & (syn | ack) == syn drop
        tcp dport {RESET_PORT} tcp flags & (syn | ack) == syn reject with tcp reset
        tcp dport {REJECT_PORT} tcp flags & (syn | ack) == syn reject with icmpx type host-unreachable
    }}
}}
"""


class UnreachableProfile(NetnsProfile):
    name = "unreachable"
    description = ("own namespace (127.0.0.1 and ::1) with a filtered port (SYNs dropped: connects "
                   "stay pending), a RST port, an ICMP host-unreachable port, and unreachable routes")
    provides = ("netns", "unreachable", "pending-connect")
    needs = ("nft",)
    params = {
        **hold_params(), "RESET_PORT": str(RESET_PORT), "REJECT_PORT": str(REJECT_PORT),
        "UNREACH_ADDR": UNREACH_ADDR, "UNREACH_ADDR6": UNREACH_ADDR6,
    }

    def configure(self, ns):
        hold_connects(ns, NFT_RULES)
        # Routes of type unreachable: the kernel answers EHOSTUNREACH, nothing is sent.
        ns.ip("route", "add", "unreachable", UNREACH_NET)
        ns.ip("-6", "route", "add", "unreachable", UNREACH_NET6)

    def checks(self):
        return {"pending": [["127.0.0.1", FILTERED_PORT], ["::1", FILTERED_PORT]],
                "host_unreachable": [[UNREACH_ADDR, 80], [UNREACH_ADDR6, 80]]}


# The busy profile: a host whose ephemeral ports are nearly all held by connections in
# TIME_WAIT, as on a server that has just made or closed tens of thousands of connections
# (README, finding on accept rates). The range is narrowed so that a bounded number of
# connections fills it; the connections are made by a client that does not set SO_REUSEADDR,
# as most programs do not, to a listener outside the range, and closed by the client first, so
# the client's port stays in TIME_WAIT for the kernel's 60 s. tcp_tw_reuse is off, as it is on
# Linux for every peer that is not on the loopback.
BUSY_PORT_RANGE = (40000, 44999)
BUSY_TIME_WAIT = 4500           # of the 5000 ports: 500 stay free
BUSY_FILL_PORT = 20000
BUSY_FILL_LIMIT_S = 20.0
FILL = r"""
import socket, sys, time
n, port, limit = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
deadline = time.monotonic() + limit
srv = socket.socket()
srv.bind(("127.0.0.1", port))
srv.listen(128)
made = 0
while made < n and time.monotonic() < deadline:
    c = socket.socket()
    try:
        c.connect(("127.0.0.1", port))
    except OSError as e:
        sys.exit(f"connection {made + 1} of {n} failed: {e}")
    a, _ = srv.accept()
    c.close()
    a.close()
    made += 1
srv.close()
if made < n:
    sys.exit(f"only {made} of {n} connections within {limit:g} s")
"""


def fill_time_wait(ns, count=BUSY_TIME_WAIT):
    """Narrow the namespace's ephemeral range and leave COUNT of its ports in TIME_WAIT."""
    ns.sysctl("net.ipv4.ip_local_port_range", f"{BUSY_PORT_RANGE[0]} {BUSY_PORT_RANGE[1]}")
    ns.sysctl("net.ipv4.tcp_tw_reuse", 0)
    ns.run([sys.executable, "-c", FILL, str(count), str(BUSY_FILL_PORT), str(BUSY_FILL_LIMIT_S)],
           timeout=BUSY_FILL_LIMIT_S + 10)


class BusyContext(NetnsContext):
    """The busy namespace of one worker, made afresh for every case: what one case leaves
    behind (its own connections in TIME_WAIT, ports it bound) would otherwise decide the next
    case's verdict for a minute. The runner reads a context's env once per case, just before
    it starts the interpreter; that is when the namespace is made again (the capability probe
    reads the environment without using up the namespace)."""

    def __init__(self, name, namespace, env=None, provides=(), remake=None):
        self._env = {}
        self._used = False
        self._remake = remake
        super().__init__(name, namespace, env=env, provides=provides)

    def probe_env(self):
        return {**os.environ, **self._env}

    @property
    def env(self):
        if self._used and self._remake is not None:
            self.namespace.destroy()
            self._remake(self.namespace)
        self._used = True
        return self._env

    @env.setter
    def env(self, value):
        self._env = value


class BusyProfile(NetnsProfile):
    name = "busy"
    description = (f"own namespace (127.0.0.1 and ::1) whose ephemeral ports "
                   f"{BUSY_PORT_RANGE[0]}-{BUSY_PORT_RANGE[1]} are held, {BUSY_TIME_WAIT} of "
                   "them, by connections in TIME_WAIT (tcp_tw_reuse off)")
    provides = ("netns", "busy-host", "pending-connect")
    opt_in = ("busy-host",)
    needs = ("nft",)
    params = {"EPHEMERAL_FREE": str(BUSY_PORT_RANGE[1] - BUSY_PORT_RANGE[0] + 1 - BUSY_TIME_WAIT),
              **hold_params()}

    def configure(self, ns):
        hold_connects(ns)
        fill_time_wait(ns)

    def make_context(self, ns):
        def remake(namespace):
            namespace.create(self.files())
            self.configure(namespace)
        return BusyContext(self.name, ns, env=self.env(), provides=self.provides, remake=remake)

    def checks(self):
        return {"bindable": ["127.0.0.1", "::1"], "time_wait_at_least": BUSY_TIME_WAIT}


class PersonalityProfile(NetnsProfile):
    """A dual-stack namespace whose fault shim emulates another system's socket semantics
    (SOCKCONF_FAULT_PERSONALITY; spec/PROFILES.md lists each difference and its source). Its
    hosts file also has the names profile's unused-then-listening name (two IPv4 addresses),
    so that a second attempt of the same family can be made."""
    personality = None
    needs = ("nft",)
    hosts = HOSTS_DUAL + f"{DEAD_ADDR}\t{NAME_DEAD_FIRST}\n{LIVE_ADDR}\t{NAME_DEAD_FIRST}\n"
    params = {"NAME_DEAD_FIRST": NAME_DEAD_FIRST, "DEAD_ADDR": DEAD_ADDR, "LIVE_ADDR": LIVE_ADDR,
              **hold_params()}

    @property
    def provides(self):
        return ("netns", "pending-connect", "personality", f"{self.personality}-personality")

    @property
    def opt_in(self):
        return ("personality", f"{self.personality}-personality")

    def env(self):
        env = super().env()
        env["SOCKCONF_FAULT_PERSONALITY"] = self.personality
        return env

    def configure(self, ns):
        hold_connects(ns)

    def checks(self):
        return {"bindable": ["127.0.0.1", "::1", LIVE_ADDR], "v6only_default": 1,
                "resolves": {"localhost": ["::1", "127.0.0.1"],
                             NAME_DEAD_FIRST: [DEAD_ADDR, LIVE_ADDR]}}


class BsdProfile(PersonalityProfile):
    name = "bsd"
    personality = "bsd"
    description = ("own dual-stack namespace with FreeBSD's and macOS's socket semantics where "
                   "they differ from Linux's (fault shim): IPV6_V6ONLY on by default, accept() "
                   "passing O_NONBLOCK on, a failed connect's socket unable to connect again")


class WindowsProfile(PersonalityProfile):
    name = "windows"
    personality = "windows"
    description = ("own dual-stack namespace with Winsock's socket semantics where they differ "
                   "from Linux's (fault shim): IPV6_V6ONLY on by default, accept() passing the "
                   "non-blocking mode on, SO_REUSEADDR letting sockets share a port in use")


REGISTRY = {"host": Profile()}
for _cls in (DualProfile, V4OnlyProfile, V6OnlyProfile, MultihomedProfile, NamesProfile,
             UnreachableProfile, BusyProfile, BsdProfile, WindowsProfile):
    REGISTRY[_cls.name] = _cls()


def declared_params():
    """Every case parameter name (v4-extra) some profile declares."""
    return {k.lower().replace("_", "-") for p in REGISTRY.values() for k in p.params}


def select(names):
    """Profiles named on the command line ('all' = every registered one)."""
    chosen = []
    for name in names or ["host"]:
        if name == "all":
            chosen.extend(p for p in REGISTRY.values() if p not in chosen)
            continue
        if name not in REGISTRY:
            raise ConfigError(f"unknown profile '{name}' (known: {', '.join(REGISTRY)}, all)")
        if REGISTRY[name] not in chosen:
            chosen.append(REGISTRY[name])
    return chosen
