"""Probe what the host (or the namespace it runs in) offers, independently of any target.

Run as a script inside a profile: prints one JSON object mapping capability
ids to true/false. Only loopback addresses are touched. Capabilities describe
the host, not the implementation under test, so a broken implementation cannot
turn its own failures into skips.
"""

import errno
import json
import os
import socket


def _loopback_ok(family, addr):
    try:
        srv = socket.socket(family, socket.SOCK_STREAM)
    except OSError:
        return False
    try:
        srv.bind((addr, 0))
        srv.listen(1)
        port = srv.getsockname()[1]
        cli = socket.socket(family, socket.SOCK_STREAM)
        cli.settimeout(2)
        try:
            cli.connect((addr, port))
        finally:
            cli.close()
        return True
    except OSError:
        return False
    finally:
        srv.close()


def _resolves(name, family, addr):
    try:
        infos = socket.getaddrinfo(name, None, family, socket.SOCK_STREAM)
    except OSError:
        return False
    return any(info[4][0] == addr for info in infos)


def _service_names():
    try:
        return socket.getservbyname("http", "tcp") == 80
    except OSError:
        return False


def _reverse_name(addr):
    try:
        socket.getnameinfo((addr, 0), socket.NI_NAMEREQD)
        return True
    except OSError:
        return False


def _ports_free(ports):
    """As root, 127.0.0.1:PORT can be listened on for every PORT (nothing else holds it)."""
    if os.geteuid() != 0:
        return False
    for port in ports:
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            s.bind(("127.0.0.1", port))
            s.listen(1)
        except OSError:
            return False
        finally:
            s.close()
    return True


def _not_local(addr):
    """Binding ADDR fails with EADDRNOTAVAIL: it is not an address of this host."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.bind((addr, 0))
        return False
    except OSError as exc:
        return exc.errno == errno.EADDRNOTAVAIL
    finally:
        s.close()


def _fault_shim():
    """The fault shim (harness/native/fault.c) is preloaded: a rule in
    SOCKCONF_FAULT_FAIL, read on every call, makes getaddrinfo fail."""
    old = os.environ.get("SOCKCONF_FAULT_FAIL")
    os.environ["SOCKCONF_FAULT_FAIL"] = "getaddrinfo:EAI_NONAME"
    try:
        socket.getaddrinfo("127.0.0.1", 0)
        return False
    except OSError:
        return True
    finally:
        if old is None:
            del os.environ["SOCKCONF_FAULT_FAIL"]
        else:
            os.environ["SOCKCONF_FAULT_FAIL"] = old


def _files_only_resolver():
    """The hosts line of nsswitch.conf names files and nothing else."""
    try:
        with open("/etc/nsswitch.conf", encoding="utf-8") as f:
            for line in f:
                key, _, value = line.partition(":")
                if key.strip() == "hosts":
                    return value.split() == ["files"]
    except OSError:
        pass
    return False


def probe():
    ipv4 = _loopback_ok(socket.AF_INET, "127.0.0.1")
    ipv6 = _loopback_ok(socket.AF_INET6, "::1")
    hermetic = _files_only_resolver()
    # Reverse look-ups are only tried when they cannot leave the machine.
    rev4 = hermetic and _reverse_name("127.0.0.1")
    rev6 = hermetic and _reverse_name("::1")
    return {
        "ipv4": ipv4,
        "ipv6": ipv6,
        "dual-stack": ipv4 and ipv6,
        "v4only-host": ipv4 and not ipv6,
        "v6only-host": ipv6 and not ipv4,
        "localhost-v4": _resolves("localhost", socket.AF_INET, "127.0.0.1"),
        "localhost-v6": _resolves("localhost", socket.AF_INET6, "::1"),
        "service-names": _service_names(),
        "reverse-dns": rev4,
        "no-reverse-name": hermetic and not rev4 and not rev6,
        "hermetic-resolver": hermetic,
        "loopback-range": _loopback_ok(socket.AF_INET, "127.0.0.2"),
        "root": os.geteuid() == 0,
        "well-known-ports-free": ipv4 and _ports_free((7, 9, 80)),
        "test-net-not-local": ipv4 and _not_local("198.51.100.1"),
        "fault-shim": _fault_shim(),
    }


if __name__ == "__main__":
    print(json.dumps(probe()))
