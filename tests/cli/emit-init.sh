#!/bin/sh
# The init script of `svcc --emit init` is clean for shellcheck and works
# for real against Debian's supervisord: start, status 0, restart gives a
# new pid, reload, stop, status 3, stop when stopped, status 1 with a stale
# pidfile, config missing 6, unknown verb 2 with the usage line.
build=$1
for tool in supervisord shellcheck; do
	command -v $tool >/dev/null || { echo "$tool is not installed (make deps)"; exit 1; }
done
root=$(mktemp -d /tmp/svc-init.XXXXXX)
cleanup() {
	if [ -f "$root/supervisord.pid" ]; then
		p=$(cat "$root/supervisord.pid")
		kill "$p" 2>/dev/null
		i=0
		while ! gone "$p" && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	fi
	rm -rf "$root"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
fail() { echo "$*"; [ -f "$root/supervisord.log" ] && sed 's/^/log: /' "$root/supervisord.log"; exit 1; }

sed "s|@ROOT@|$root|g" tests/emit/init.svc.in >"$root/init.svc"
"$build/svcc" --emit ini,init "$root/init.svc" 2>"$root/svcc.err" ||
	fail "svcc --emit ini,init failed: $(cat "$root/svcc.err")"
script=$root/svc-test
[ -x "$script" ] || fail "the init script is not an executable file named after initscript name"
shellcheck -s sh "$script" || fail "shellcheck found problems"
grep -q '^# chkconfig: 345 20 80$' "$script" || fail "no chkconfig header"
grep -q '^# Default-Start: *3 4 5$' "$script" || fail "no LSB Default-Start"
grep -q '^# Default-Stop: *0 1 2 6$' "$script" || fail "no LSB Default-Stop"

# A process that is gone, or a zombie nobody reaps (the daemon's parent
# here may be a pid 1 that does not reap).
gone() {
	kill -0 "$1" 2>/dev/null || return 0
	case $(cat "/proc/$1/stat" 2>/dev/null) in *") Z "*) return 0 ;; esac
	return 1
}

# run VERB EXPECTED-STATUS: runs the script, checks its exit status.
run() {
	"$script" "$1" >"$root/run.out" 2>&1
	st=$?
	[ "$st" = "$2" ] || fail "'$1' exited $st, expected $2: $(cat "$root/run.out")"
}
run status 3
run start 0
run status 0
grep -q "is running (pid [0-9]*)" "$root/run.out" || fail "status says: $(cat "$root/run.out")"
pid1=$(cat "$root/supervisord.pid")
run start 0
[ "$(cat "$root/supervisord.pid")" = "$pid1" ] || fail "start when running started another"
run restart 0
pid2=$(cat "$root/supervisord.pid")
[ -n "$pid2" ] && [ "$pid2" != "$pid1" ] || fail "restart kept pid $pid1"
gone "$pid1" || fail "the old supervisord $pid1 still runs after restart"
run reload 0
run force-reload 0
run status 0
run stop 0
gone "$pid2" || fail "supervisord $pid2 still runs after stop"
[ -e "$root/supervisord.pid" ] && fail "stop left the pidfile"
run status 3
run stop 0
run reload 7

# A pidfile whose process is gone: status 1, and start cleans up.
sh -c 'echo $$' >"$root/supervisord.pid"
run status 1
run start 0
run stop 0

CONFIG=$root/nonexistent.conf run start 6
"$script" bogus >"$root/run.out" 2>&1
st=$?
[ "$st" = 2 ] || fail "an unknown verb exited $st, expected 2"
grep -q "^Usage: $script {start|stop|restart|reload|force-reload|status}$" "$root/run.out" ||
	fail "no usage line: $(cat "$root/run.out")"
exit 0
