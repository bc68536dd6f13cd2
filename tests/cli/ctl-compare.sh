#!/bin/sh
# Debian's supervisorctl drives svcd and Debian's supervisord running the
# same services (the table and `svcc --emit ini` from one .svc), one
# command at a time; every output and exit status must be the same once
# pids, uptimes and dates are normalised. Then the same for reread/update
# after the .svc changed, tail -f, and shutdown.
B=$(cd "${1:-build}" && pwd) || exit 1
command -v supervisord >/dev/null || { echo "supervisord is not installed (make deps)"; exit 1; }
T=$(mktemp -d "${TMPDIR:-/tmp}/ctl-compare.XXXXXX") || exit 1
SUP_PID=
SVCD_PID=
cleanup() {
	ctlfork_stop
	for p in $SUP_PID $SVCD_PID; do
		kill -TERM "$p" 2>/dev/null
	done
	for p in $SUP_PID $SVCD_PID; do
		"$B/tests/helpers/waitfor" -t 10 exit "$p" || kill -KILL "$p" 2>/dev/null
	done
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
# shellcheck source=tests/cli/ctlfork.inc
. "$(dirname "$0")/ctlfork.inc"
ctlfork_start
fail() {
	echo "FAIL: $*"
	for f in "$T"/sup/main.log "$T"/svcd/main.log "$T"/*.out; do
		[ -f "$f" ] && { echo "--- $f"; tail -n 30 "$f"; }
	done
	exit 1
}

mkdir -p "$T/sup" "$T/svcd" "$T/ini"
write_svc() {
	cat >"$T/t.svc" <<'EOT'
supervisor {
    logfile "${env.ROOT}/main.log";
    pidfile "${env.ROOT}/main.pid";
    childlogdir "${env.ROOT}";
    socket "${env.ROOT}/ctl.sock";
}
defaults {
    startsecs 1s;
    stopwait 5s;
}
service web {
    command "/bin/sh -c 'echo hello from web; exec sleep 1000'";
    stdout "${env.ROOT}/web.log";
    stderr stdout;
}
service manual {
    command "/bin/sleep 1000";
    autostart false;
}
service broken {
    command "/bin/sh -c 'echo failing >&2; exit 3'";
    startretries 0;
}
service worker {
    command "/bin/sleep 1000";
    instances 2;
    name "worker_${index}";
}
service gone {
    command "/bin/sleep 1000";
}
group tier {
    services worker;
}
EOT
}
write_svc
build() {
	"$B/svcc" --emit ini -O "$T/ini" "$T/t.svc" >"$T/svcc.out" 2>&1 || fail "svcc --emit ini: $(cat "$T/svcc.out")"
	"$B/svcc" -o "$T/t.svct" "$T/t.svc" >"$T/svcc.out" 2>&1 || fail "svcc: $(cat "$T/svcc.out")"
}
build

ROOT=$T/sup supervisord -n -c "$T/ini/supervisord.conf" >"$T/sup.out" 2>&1 &
SUP_PID=$!
ROOT=$T/svcd "$B/svcd" -n -c "$T/t.svct" >"$T/svcd.out" 2>&1 &
SVCD_PID=$!

ctl() { # ctl sup|svcd ARGS...
	w=$1
	shift
	supervisorctl -s "unix://$T/$w/ctl.sock" "$@"
}

# wait_states sup|svcd WANT: until `status` shows WANT (name state lines).
# A state is seen only by asking the server, so this asks every 100 ms
# (each ask is a fork of the preloaded supervisorctl, not a new Python).
wait_states() {
	i=0
	while :; do
		got=$(ctl "$1" status 2>&1 | awk '{ print $1, $2 }')
		[ "$got" = "$2" ] && return 0
		i=$((i + 1))
		[ $i -lt 200 ] || fail "$1: status after 20s:
$got
expected:
$2"
		sleep 0.1
	done
}

norm() {
	sed -E -e 's/pid [0-9]+, uptime [0-9]+:[0-9]{2}:[0-9]{2}/pid PID, uptime UPTIME/' \
		-e 's/^[0-9]+$/NUMBER/' \
		-e 's/[A-Z][a-z]{2} [0-9]{2} [0-9]{2}:[0-9]{2} [AP]M/DATE/' \
		-e "s#$T/(sup|svcd)#ROOT#g"
}

# run ARGS...: one supervisorctl command against both; outputs and exit
# statuses must match. Lines are sorted: supervisord lists a group's
# results in the order its processes happened to finish.
checks=0
run() {
	for w in sup svcd; do
		ctl "$w" "$@" >"$T/$w.cmd" 2>&1
		echo "rc=$?" >>"$T/$w.cmd"
		norm <"$T/$w.cmd" | LC_ALL=C sort >"$T/$w.norm"
	done
	if ! cmp -s "$T/sup.norm" "$T/svcd.norm"; then
		echo "supervisorctl $*: supervisord and svcd differ:"
		diff -u "$T/sup.norm" "$T/svcd.norm"
		fail "supervisorctl $*"
	fi
	checks=$((checks + 1))
}

# settle: until neither server shows a process STARTING (startsecs is
# timed separately on each side, so a status taken at once could differ);
# asked every 100 ms, as wait_states does.
settle() {
	for w in sup svcd; do
		i=0
		while ctl "$w" status 2>&1 | grep -q STARTING; do
			i=$((i + 1))
			[ $i -lt 200 ] || fail "$w: a process is still STARTING after 20s"
			sleep 0.1
		done
	done
}

steady='broken FATAL
gone RUNNING
manual STOPPED
tier:worker_0 RUNNING
tier:worker_1 RUNNING
web RUNNING'
wait_states sup "$steady"
wait_states svcd "$steady"

run status
run status web
run status nosuch
run status tier:worker_0 manual
run start manual
run start manual
run status manual
run stop manual
run stop manual
run start nosuch
run stop nosuch
run start
run restart web
run stop 'tier:*'
run status
run start 'tier:*'
run stop tier:
run start tier:worker_0
run start tier:
run start broken
run signal HUP web
run signal HUP manual
run signal BOGUS web
run signal 18 'tier:*'
run pid web
run pid manual
run pid nosuch
run tail web
run tail -5 web
run tail web stderr
run tail -8 broken stderr
run tail nosuch
run tail web bogus
run clear web
run tail web
run clear nosuch
run avail
run reread
run update
run version
run bogus
# the main logs differ in wording; maintail must show svcd's own
ctl svcd maintail -2000 | grep -q "spawned: 'web'" || fail "maintail: $(ctl svcd maintail)"
run stop all
run status
run start all
run status
run restart 'tier:*'

# tail -f: the first lines come through the /logtail stream
for w in sup svcd; do
	ctl "$w" tail -f web >"$T/$w.tailf" 2>&1 &
	tp=$!
	ctl "$w" signal USR1 web >/dev/null 2>&1
	"$B/tests/helpers/waitfor" -t 20 log "$T/$w.tailf" 'hello from web' ||
		{ kill $tp; fail "$w: tail -f showed: $(cat "$T/$w.tailf")"; }
	kill $tp
	wait $tp 2>/dev/null
	grep -q '==> Press Ctrl-C to exit <==' "$T/$w.tailf" || fail "$w: tail -f header missing"
	checks=$((checks + 1))
done

# reread / update after the source changed: 'gone' removed, 'web' changed,
# 'extra' added
sed -e '/^service gone {/,/^}/d' -e 's/hello from web/hello again/' "$T/t.svc" >"$T/t2.svc"
cat >>"$T/t2.svc" <<'EOT'
service extra {
    command "/bin/sleep 1000";
}
EOT
mv "$T/t2.svc" "$T/t.svc"
build
run reread
run avail
run update
settle
run status
run reread
run update
grep -q 'hello again' "$T/sup/web.log" || fail "supervisord did not restart web"
grep -q 'hello again' "$T/svcd/web.log" || fail "svcd did not restart web"

run shutdown
"$B/tests/helpers/waitfor" -t 20 exit $SUP_PID $SVCD_PID || fail "a server did not exit after shutdown"
wait "$SVCD_PID"
rc=$?
[ "$rc" = 0 ] || fail "svcd exited with $rc after shutdown"
SUP_PID=
SVCD_PID=
[ ! -e "$T/svcd/ctl.sock" ] || fail "svcd left its socket behind"
run shutdown
echo "ctl-compare: $checks comparisons passed"
exit 0
