#!/bin/sh
# Debian's supervisord runs the INI that `svcc --emit ini` writes for
# tests/emit/real.svc (every path under $SVC_TEST_ROOT, a temporary folder):
# supervisorctl lists exactly the expected processes in the expected states,
# %, ${host}, ${index} and env reach the programs, 'after' orders the
# spawns, auth is enforced, and the comments that say what was dropped
# (ready, health, essential, limits, nice, killtree, backoff, reloadsignal,
# envfile) and startretries infinite's large count do not disturb it.
build=$1
command -v supervisord >/dev/null || { echo "supervisord is not installed (make deps)"; exit 1; }
root=$(mktemp -d /tmp/svc-emit.XXXXXX)
pid=
cleanup() {
	if [ -n "$pid" ]; then kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; fi
	rm -rf "$root"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
fail() { echo "$*"; [ -f "$root/out" ] && sed 's/^/supervisord: /' "$root/out"; exit 1; }

export SVC_TEST_ROOT="$root"
mkdir -p "$root/log" "$root/run"
"$build/svcc" --emit ini -O "$root" tests/emit/real.svc 2>"$root/svcc.err" ||
	fail "svcc --emit ini failed: $(cat "$root/svcc.err")"
conf=$root/supervisord.conf
# what supervisord has no equivalent for is in comments it reads past
for key in ready health essential limits nice killtree backoff reloadsignal envfile; do
	grep -q "^; svc: dropped $key " "$conf" || fail "no comment for the dropped $key in $conf"
done
grep -qx 'startretries=1000000' "$conf" || fail "no startretries=1000000 in $conf"
[ "$(grep -c '^; svc: dropped envfile ' "$conf")" = 2 ] || fail "not two envfile comments in $conf"
supervisord -c "$conf" -n >"$root/out" 2>&1 &
pid=$!
ctl() { supervisorctl -c "$conf" "$@"; }

want='manual STOPPED
oneshot EXITED
quiet RUNNING
tier:web RUNNING
tier:worker_1 RUNNING
tier:worker_2 RUNNING
tier:worker_3 RUNNING'
# states are seen only by asking supervisord: every 100 ms
i=0
while :; do
	got=$(ctl status 2>&1 | awk '{ print $1, $2 }')
	[ "$got" = "$want" ] && break
	kill -0 "$pid" 2>/dev/null || fail "supervisord exited"
	i=$((i + 1))
	[ $i -lt 150 ] || fail "supervisorctl status after 15s:
$got
expected:
$want"
	sleep 0.1
done

# The values went through supervisord's expansions as written in the source.
grep -qx "web at 100% on $(uname -n)" "$root/log/web.log" ||
	fail "web.log: $(cat "$root/log/web.log")"
grep -qx "worker=2 id=w2 greeting=hi" "$root/log/worker_2.log" ||
	fail "worker_2.log: $(cat "$root/log/worker_2.log")"
[ -f "$root/log/worker_3.err" ] || fail "no stderr log for worker_3"

# 'after web' became a priority: web is spawned before any worker.
first=$(grep -o "spawned: '[a-z_0-9]*'" "$root/log/supervisord.log" | grep -m1 "web\|worker")
[ "$first" = "spawned: 'web'" ] || fail "first spawn of the tier was $first, not web"

# The socket has the mode from the source, and auth is enforced.
[ "$(stat -c %a "$root/run/supervisor.sock")" = 700 ] || fail "socket mode is not 0700"
out=$(ctl -p wrong status 2>&1)
case $out in *"requires authentication"*) ;; *) fail "wrong password accepted: $out" ;; esac

ctl stop tier:worker_2 >/dev/null
[ "$(ctl status tier:worker_2 | awk '{ print $2 }')" = STOPPED ] || fail "worker_2 did not stop"
ctl shutdown >/dev/null || fail "supervisorctl shutdown failed"
"$build/tests/helpers/waitfor" -t 20 exit "$pid" || fail "supervisord still running 20s after shutdown"
wait "$pid"
pid=
exit 0
