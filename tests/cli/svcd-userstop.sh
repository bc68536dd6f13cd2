#!/bin/sh
# A process a user stopped stays stopped across svcd's restart, even after
# svcd is killed with SIGKILL, until a user starts it; status says
# STOPPED (by user); the state file is beside the pidfile.
# shellcheck source=tests/cli/svcd-lib.inc
. "$(dirname "$0")/svcd-lib.inc"
SOCK=$T/ctl.sock
ctl() { "$B/svcctl" -s "unix://$SOCK" "$@"; }

compile us <<EOT
service a { command "/bin/sleep 1000"; startsecs 0; }
service b { command "/bin/sleep 1000"; startsecs 0; }
EOT
start_svcd "$T/us.svct"
wait_log "success: b entered RUNNING"
ctl stop b >/dev/null
wait_log "stopped: b"
[ "$(cat "$T/svcd.stopped")" = "$(printf 'table %s\nb' "$T/us.svct")" ] \
	|| fail "state file: $(cat "$T/svcd.stopped" 2>&1)"
ctl status b | grep -Eq '^b +STOPPED \(by user\) ' || fail "status: $(ctl status b)"
kill -KILL "$SVCD_PID"
wait "$SVCD_PID" 2>/dev/null
SVCD_PID=
kill_tagged
rm -f "$SOCK" "$T/svcd.pid"
: >"$LOG"
start_svcd "$T/us.svct"
wait_log "'b' was stopped by a user: it is not started"
# a is promoted a pass after the one that started everything: b too, had
# it been started
wait_log "success: a entered RUNNING"
[ "$(count "spawned: 'b'")" = 0 ] || fail "b was started again after svcd's restart"
ctl start b >/dev/null
wait_log "success: b entered RUNNING"
grep -qx b "$T/svcd.stopped" && fail "the state file still names b: $(cat "$T/svcd.stopped")"
ctl status b | grep -Eq '^b +RUNNING ' || fail "status after start: $(ctl status b)"
# a stop that stops nothing is not remembered
ctl stop b >/dev/null
wait_log "stopped: b"
ctl start b >/dev/null
wait_log "success: b entered RUNNING" 2
ctl stop b >/dev/null
ctl stop b >/dev/null
# update's stop, removal and addition of a group is no user's stop
ctl start b >/dev/null
wait_log "success: b entered RUNNING" 3
compile us2 <<EOT2
service a { command "/bin/sleep 1000"; startsecs 0; }
service b { command "/bin/sleep 1001"; startsecs 0; }
EOT2
cp "$T/us2.svct" "$T/us.svct"
ctl update >/dev/null
wait_log "success: b entered RUNNING" 4
grep -qx b "$T/svcd.stopped" && fail "update left b marked as stopped by a user"
ctl status -v a | grep -Eq '^a +RUNNING +pid [0-9]+, uptime [0-9:]+  \[cpu [0-9.]+s, rss [0-9.]+ MiB\]$' \
	|| fail "status -v: $(ctl status -v a)"
stop_svcd
exit 0
