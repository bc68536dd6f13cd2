#!/bin/sh
# killtree: the grandchildren a process leaves (one in its session, one
# that called setsid like a daemon) are gone after a stop and after a
# crash, with cgroups and with SVC_NO_CGROUP=1 (the session and the
# orphans svcd inherits); killtree false leaves them.
# shellcheck source=tests/cli/svcd-lib.inc
. "$(dirname "$0")/svcd-lib.inc"
SOCK=$T/ctl.sock
ctl() { "$B/svcctl" -s "unix://$SOCK" "$@"; }

gone() { ! kill -0 "$1" 2>/dev/null || grep -q '^State:.*Z' "/proc/$1/status" 2>/dev/null; }

run_mode() {
	mode=$1
	# the stops of the last run were a user's: svcd would remember them
	rm -f "$T"/g-* "$T/svcd.stopped"
	compile "trees-$mode" <<EOT
service stay {
    command "$H/forkgrand $T/g-stay 100000 -1";
    startsecs 0;
}
service daemon {
    command "$H/forkgrand $T/g-daemon 100000 -1 setsid";
    startsecs 0;
}
service crash {
    command "$H/forkgrand $T/g-crash 100000 300 setsid";
    startsecs 0;
    autorestart true;
}
service keep {
    command "$H/forkgrand $T/g-keep 100000 -1 setsid";
    startsecs 0;
    killtree false;
}
EOT
	: >"$LOG"
	if [ "$mode" = nocgroup ]; then
		SVC_NO_CGROUP=1 "$B/svcd" -n -c "$T/trees-$mode.svct" >"$T/svcd.out" 2>&1 &
	else
		"$B/svcd" -n -c "$T/trees-$mode.svct" >"$T/svcd.out" 2>&1 &
	fi
	SVCD_PID=$!
	wait_log 'svcd started with pid' 1 10
	for g in stay daemon crash keep; do wait_until 10 test -s "$T/g-$g"; done
	stay=$(cat "$T/g-stay") daemon=$(cat "$T/g-daemon") keep=$(cat "$T/g-keep")
	if [ "$mode" = cgroup ] && [ -n "$CGROUPS" ]; then
		grep -Eq "/svcd-$SVCD_PID-[0-9a-f]{8}/daemon\$" "/proc/$daemon/cgroup" \
			|| fail "the setsid grandchild is not in daemon's cgroup: $(cat "/proc/$daemon/cgroup")"
	fi
	# the crash: its grandchild goes with it, before the restart
	crash=$(cat "$T/g-crash")
	wait_log "killtree: killed 1 process left of 'crash'"
	wait_until 10 gone "$crash"
	ctl stop stay daemon keep >/dev/null
	wait_log "killtree: killed 1 process left of 'stay'"
	wait_log "killtree: killed 1 process left of 'daemon'"
	wait_until 10 gone "$stay"
	wait_until 10 gone "$daemon"
	gone "$keep" && fail "$mode: killtree false killed keep's grandchild"
	kill -KILL "$keep"
	stop_svcd
}

# svcd's own test: a cgroup2 mount whose root (svcd's cgroup here) is writable
CGROUPS=$(awk '$(NF-2) == "cgroup2" && $4 == "/" { print $5 }' /proc/self/mountinfo | head -n1)
[ -n "$CGROUPS" ] && [ -w "$CGROUPS" ] || { CGROUPS=; echo "note: no writable cgroup v2 here: both runs use sessions"; }
run_mode cgroup
run_mode nocgroup
exit 0
