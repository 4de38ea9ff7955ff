#!/bin/sh
# run.sh -- run one observation script under tclsh8.6 in an isolated set-up.
#
#   spec/observations/run.sh [--hosts hosts.dual|hosts.v4|hosts.empty] [--filter] SCRIPT.tcl
#
# A fresh network namespace with only lo (127.0.0.0/8, ::1) so nothing can leave the
# machine, a files-only nsswitch.conf (no DNS query is ever made) and the chosen hosts file
# bind-mounted over /etc/hosts. --filter adds nftables rules on the input hook:
# TCP port 9 dropped (connect stays pending), port 19 answered with RST, port 29 answered
# with ICMP host-unreachable. Needs root, unshare, ip, nft. Bounded by timeout 60.
set -e
here=$(cd "$(dirname "$0")" && pwd)
hosts=hosts.dual
filter=true
while [ $# -gt 1 ]; do
    case $1 in
        --hosts) hosts=$2; shift 2 ;;
        --filter) filter="nft add table inet f && nft add chain inet f in '{ type filter hook input priority 0; }' && nft add rule inet f in tcp dport 9 drop && nft add rule inet f in tcp dport 19 reject with tcp reset && nft add rule inet f in tcp dport 29 reject with icmpx type host-unreachable"; shift ;;
        *) break ;;
    esac
done
script=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
exec unshare -m -n sh -c "mount --bind '$here/nsswitch.conf' /etc/nsswitch.conf && mount --bind '$here/$hosts' /etc/hosts && ip link set lo up && $filter && cd '$here' && timeout 60 tclsh8.6 '$script'"
