#!/bin/sh
# The init script's reload waits through a pidfile that is empty for a
# moment: supervisord removes its pidfile on SIGHUP and writes a new one in
# place, and a reload that read it in between once took the empty pid for a
# daemon that had died ("exited while loading its configuration"). A fake
# daemon here leaves the new pidfile empty for half a second after each
# SIGHUP; every reload must still return 0 once the pid is back.
# shellcheck source=tests/cli/svcd-lib.inc
. "$(dirname "$0")/svcd-lib.inc"

sed "s|@ROOT@|$T|g" tests/emit/init-svcd.svc.in >"$T/init.svc"
"$B/svcc" --emit init -O "$T" "$T/init.svc" 2>"$T/svcc.err" || fail "svcc: $(cat "$T/svcc.err")"
script=$T/svc-test
: >"$T/init.svct"

# the fake daemon: detaches, writes its pid, and on SIGHUP recreates its
# pidfile empty and fills it half a second later
cat >"$T/fakedaemon" <<'EOF'
#!/bin/sh
exec </dev/null >/dev/null 2>&1
sh -c '
pidfile=$1
trap "rm -f \"\$pidfile\"; : >\"\$pidfile\"; sleep 0.5; echo \$\$ >\"\$pidfile\"" HUP
trap "rm -f \"\$pidfile\"; kill \"\$idle\"; exit 0" TERM
echo $$ >"$pidfile"
# idle in wait (a signal cuts it short, a sleep would not), on one
# sleeping child kept for the whole run
idle=
while :; do
	kill -0 "$idle" 2>/dev/null || { sleep 1000 & idle=$!; }
	wait "$idle"
done
' fakedaemon "$PIDFILE" &
exit 0
EOF
chmod +x "$T/fakedaemon"
export DAEMON="$T/fakedaemon" PIDFILE="$T/svcd.pid"

sh "$script" start >"$T/run.out" 2>&1 || fail "start: $(cat "$T/run.out")"
pid=$(cat "$PIDFILE")
i=0
while [ $i -lt 3 ]; do
	sh "$script" reload >"$T/run.out" 2>&1 || fail "reload $i: $(cat "$T/run.out")"
	grep -q "has loaded its configuration again" "$T/run.out" || fail "reload $i said: $(cat "$T/run.out")"
	[ "$(cat "$PIDFILE")" = "$pid" ] || fail "reload $i: the pidfile does not name $pid"
	i=$((i + 1))
done
sh "$script" stop >"$T/run.out" 2>&1 || fail "stop: $(cat "$T/run.out")"
wait_exit 10 "$pid" || fail "the fake daemon $pid still runs after stop"
exit 0
