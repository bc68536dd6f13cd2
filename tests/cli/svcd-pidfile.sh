#!/bin/sh
# The pidfile: a second svcd refuses to start over a live one; a stale
# pidfile is taken over; without -n svcd detaches, writes the pidfile, and
# removes it when it exits.
# shellcheck source=tests/cli/svcd-lib.inc
. "$(dirname "$0")/svcd-lib.inc"

compile pid <<EOT
service idle {
    command "/bin/sleep 1000";
}
EOT
start_svcd "$T/pid.svct"
"$B/svcd" -n -c "$T/pid.svct" >"$T/second.out" 2>&1
[ $? = 1 ] || fail "a second svcd must exit 1"
grep -q "already running with pid $SVCD_PID" "$T/second.out" || fail "second: $(cat "$T/second.out")"
[ "$(cat "$T/svcd.pid")" = "$SVCD_PID" ] || fail "the pidfile was overwritten"
stop_svcd

# stale: the pid of a process that is not svcd
sleep 1000 &
other=$!
echo "$other" >"$T/svcd.pid"
"$B/svcd" -c "$T/pid.svct" >"$T/svcd.out" 2>&1 || { kill "$other"; fail "daemon start failed"; }
kill "$other"
wait_log "svcd started with pid" 2
d=$(cat "$T/svcd.pid")
[ "$d" != "$other" ] || fail "the stale pidfile was not replaced"
alive "$d" || fail "the daemon $d is not running"
[ "$(ps -o sid= -p "$d" | tr -d ' ')" = "$d" ] || fail "the daemon did not start a session"
wait_log "spawned: 'idle'"
SVCD_PID=$d
kill -TERM "$d"
wait_exit 20 $d
SVCD_PID=
[ -e "$T/svcd.pid" ] && fail "the daemon left its pidfile"
exit 0
