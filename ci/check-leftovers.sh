#!/bin/sh
# check-leftovers.sh -- after `make check`: nothing of sockconf's is left behind.
# No case interpreter or launcher still running, no network namespace or
# /etc/netns entry of sockconf's, no temporary folder of a run, case or probe.
# Prints what it finds and exits 1; prints one line and exits 0 when clean.
set -u
bad=0
# live processes only: a zombie is already dead (its parent reaps it)
procs=$(ps -eo pid=,stat=,args= | awk '$2 !~ /^Z/' |
        grep -E 'harness/tcl/driver.tcl|sockconf-launch|sockconf-selftest' | grep -v grep || true)
if [ -n "$procs" ]; then echo "left running:"; echo "$procs"; bad=1; fi
if command -v ip >/dev/null 2>&1; then
    ns=$(ip netns list 2>/dev/null | awk '{print $1}' | grep '^sockconf-' || true)
    if [ -n "$ns" ]; then echo "network namespaces left:"; echo "$ns"; bad=1; fi
fi
etc=$(ls -d /etc/netns/sockconf-* 2>/dev/null || true)
if [ -n "$etc" ]; then echo "/etc/netns entries left:"; echo "$etc"; bad=1; fi
tmp=$(ls -d "${TMPDIR:-/tmp}"/sockconf-* 2>/dev/null | grep -v 'sockconf-heavy.lock\|sockconf-netns.lock' || true)
if [ -n "$tmp" ]; then echo "temporary files left:"; echo "$tmp"; bad=1; fi
if [ $bad -ne 0 ]; then
    echo "check-leftovers: sockconf left the above behind" >&2
    exit 1
fi
echo "check-leftovers: no process, namespace, /etc/netns entry or temporary file of sockconf's is left"
