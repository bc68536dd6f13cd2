#!/bin/sh
# The init script of `svcc --emit init` is clean for shellcheck and works
# for real, booting Debian's supervisord (SVC_INIT_DAEMON=svcd: our svcd,
# tests/cli/emit-init-svcd.sh): start, status 0,
# restart gives a new pid, reload, stop, status 3, stop when stopped,
# status 1 with a stale pidfile, config missing 6, unknown verb 2 with the
# usage line. Then, 20 times, reload (or force-reload) followed at once by
# stop, status or restart: the reload returns only once the daemon has
# written its pidfile again, so what follows always finds it.
build=$1
B=$(cd "$build" && pwd) || exit 1
for tool in supervisord shellcheck; do
	command -v $tool >/dev/null || { echo "$tool is not installed (make deps)"; exit 1; }
done
top=$(mktemp -d /tmp/svc-init.XXXXXX)
root=
# the daemons inherit this: cleanup finds them even when a failure left no
# pidfile to read (a daemon caught in the middle of a reload)
SVCD_TEST_TAG=$top
export SVCD_TEST_TAG
# shellcheck source=tests/cli/tagged.inc
. "$(dirname "$0")/tagged.inc"
cleanup() {
	for pf in "$top"/*/supervisord.pid "$top"/*/svcd.pid; do
		[ -f "$pf" ] || continue
		p=$(cat "$pf")
		[ -n "$p" ] && kill "$p" 2>/dev/null && "$B/tests/helpers/waitfor" -t 10 exit "$p"
	done
	tagged_kill "$top"
	rm -rf "$top"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
fail() {
	echo "$*"
	for f in "$root/supervisord.log" "$root/svcd.log"; do
		[ -f "$f" ] && sed 's/^/log: /' "$f"
	done
	exit 1
}

# A process that is gone, or a zombie nobody reaps (the daemon's parent
# here may be a pid 1 that does not reap).
# ident PID: when process PID started (field 22 of its stat, counted after
# the name, which may hold anything). Pids wrap at 32768 here: under load a
# pid may name another process a moment after its own has gone.
ident() {
	sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f20
}

# described PID: what runs as PID now, for a failure message.
described() {
	echo "[stat: $(cat "/proc/$1/stat" 2>/dev/null); cmdline: $(tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null)]"
}

# gone PID [IDENT]: true when process PID (the one that started at IDENT)
# is no more, or is a zombie waiting to be reaped.
gone() {
	kill -0 "$1" 2>/dev/null || return 0
	case $(cat "/proc/$1/stat" 2>/dev/null) in *") Z "*) return 0 ;; esac
	[ -n "${2:-}" ] && [ "$(ident "$1")" != "$2" ] && return 0
	return 1
}

# run VERB EXPECTED-STATUS: runs the script, checks its exit status.
run() {
	"$script" "$1" >"$root/run.out" 2>&1
	st=$?
	[ "$st" = "$2" ] || fail "$daemon: '$1' exited $st, expected $2: $(cat "$root/run.out")"
}

# reload VERB: reload or force-reload, which must return only once the
# daemon has written its pidfile again (a new inode or change time) with a
# live pid in it.
reload() {
	before=$(stat -c '%i %z' "$pidfile")
	run "$1" 0
	after=$(stat -c '%i %z' "$pidfile" 2>/dev/null)
	[ -n "$after" ] && [ "$after" != "$before" ] ||
		fail "$daemon: '$1' returned before the daemon wrote its pidfile again"
	gone "$(cat "$pidfile")" && fail "$daemon: the pidfile names a dead process after '$1'"
	return 0
}

# check DAEMON INPUT: generates the script for DAEMON from tests/emit/INPUT
# and runs it through every verb.
check() {
	daemon=$1
	root=$top/$daemon
	mkdir -p "$root"
	pidfile=$root/$daemon.pid
	sed "s|@ROOT@|$root|g" "tests/emit/$2" >"$root/init.svc"
	"$build/svcc" --emit ini,init,table -O "$root" "$root/init.svc" 2>"$root/svcc.err" ||
		fail "svcc --emit ini,init,table failed: $(cat "$root/svcc.err")"
	script=$root/svc-test
	[ -x "$script" ] || fail "the init script is not an executable file named after initscript name"
	shellcheck -s sh "$script" || fail "shellcheck found problems"
	grep -q '^# chkconfig: 345 20 80$' "$script" || fail "no chkconfig header"
	grep -q '^# Default-Start: *3 4 5$' "$script" || fail "no LSB Default-Start"
	grep -q '^# Default-Stop: *0 1 2 6$' "$script" || fail "no LSB Default-Stop"

	run status 3
	run start 0
	run status 0
	grep -q "is running (pid [0-9]*)" "$root/run.out" || fail "status says: $(cat "$root/run.out")"
	pid1=$(cat "$pidfile")
	id1=$(ident "$pid1")
	run start 0
	[ "$(cat "$pidfile")" = "$pid1" ] || fail "$daemon: start when running started another"
	run restart 0
	pid2=$(cat "$pidfile")
	id2=$(ident "$pid2")
	[ -n "$pid2" ] && [ "$pid2" != "$pid1" ] || fail "$daemon: restart kept pid $pid1"
	gone "$pid1" "$id1" || fail "the old $daemon $pid1 still runs after restart $(described "$pid1")"
	reload reload
	reload force-reload
	run status 0
	run stop 0
	gone "$pid2" "$id2" || fail "$daemon $pid2 still runs after stop"
	[ -e "$pidfile" ] && fail "$daemon: stop left the pidfile"
	run status 3
	run stop 0
	run reload 7

	# A pidfile whose process is gone: status 1, and start cleans up.
	sh -c 'echo $$' >"$pidfile"
	run status 1
	run start 0

	# Reload, then at once whatever comes next.
	i=0
	while [ $i -lt 20 ]; do
		pid=$(cat "$pidfile")
		id=$(ident "$pid")
		case $((i % 4)) in
		0) reload reload; run stop 0
		   gone "$pid" "$id" || fail "$daemon $pid still runs after reload then stop (round $i)"
		   run start 0 ;;
		1) reload force-reload; run status 0 ;;
		2) reload reload; run restart 0
		   gone "$pid" "$id" || fail "the old $daemon $pid still runs after reload then restart (round $i) $(described "$pid")" ;;
		3) reload force-reload; run stop 0
		   gone "$pid" "$id" || fail "$daemon $pid still runs after force-reload then stop (round $i)"
		   run start 0 ;;
		esac
		i=$((i + 1))
	done
	run stop 0

	CONFIG=$root/nonexistent.conf run start 6
	"$script" bogus >"$root/run.out" 2>&1
	st=$?
	[ "$st" = 2 ] || fail "an unknown verb exited $st, expected 2"
	grep -q "^Usage: $script {start|stop|restart|reload|force-reload|status}$" "$root/run.out" ||
		fail "no usage line: $(cat "$root/run.out")"
}

case ${SVC_INIT_DAEMON:-supervisord} in
supervisord) check supervisord init.svc.in ;;
svcd)
	DAEMON=$B/svcd
	export DAEMON
	check svcd init-svcd.svc.in
	;;
esac
exit 0
