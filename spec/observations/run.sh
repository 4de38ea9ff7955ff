#!/bin/sh
# run.sh -- run one observation script in an isolated set-up (tclsh8.6 unless told).
#
#   spec/observations/run.sh [--hosts hosts.dual|hosts.v4|hosts.v4only|hosts.empty] [--filter]
#                            [--v4only] [--tclsh PROGRAM] SCRIPT.tcl
#
# A fresh network namespace with only lo (127.0.0.0/8, ::1) so nothing can leave the
# machine, a files-only nsswitch.conf (no DNS query is ever made) and the chosen hosts file
# bind-mounted over /etc/hosts. --filter adds nftables rules on the input hook:
# TCP port 9 dropped (connect stays pending), port 19 answered with RST, port 29 answered
# with ICMP host-unreachable. --v4only makes the namespace a host without IPv6, as the
# harness's v4only profile does: IPv6 disabled by sysctl and socket(AF_INET6) failing with
# EAFNOSUPPORT through the fault shim (harness/native, `make native`). --tclsh names the
# interpreter (e.g. /var/cache/sockconf/tcl-9.0.4/bin/tclsh9.0). Needs root, unshare, ip, nft.
# Bounded by timeout 60.
set -e
here=$(cd "$(dirname "$0")" && pwd)
hosts=hosts.dual
filter=true
v4only=true
preload=
tclsh=tclsh8.6
while [ $# -gt 1 ]; do
    case $1 in
        --hosts) hosts=$2; shift 2 ;;
        --tclsh) tclsh=$2; shift 2 ;;
        --v4only)
            v4only="sysctl -q -w net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 net.ipv6.conf.lo.disable_ipv6=1"
            preload="env LD_PRELOAD=$here/../../harness/native/build/libsockconf-fault.so SOCKCONF_FAULT_DENY_FAMILY=inet6"
            shift ;;
        --filter) filter="nft add table inet f && nft add chain inet f in '{ type filter hook input priority 0; }' && nft add rule inet f in tcp dport 9 drop && nft add rule inet f in tcp dport 19 reject with tcp reset && nft add rule inet f in tcp dport 29 reject with icmpx type host-unreachable"; shift ;;
        *) break ;;
    esac
done
script=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
exec unshare -m -n sh -c "mount --bind '$here/nsswitch.conf' /etc/nsswitch.conf && mount --bind '$here/$hosts' /etc/hosts && ip link set lo up && $filter && $v4only && cd '$here' && timeout 60 $preload $tclsh '$script'"
