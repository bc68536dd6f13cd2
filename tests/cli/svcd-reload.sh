#!/bin/sh
# SIGHUP applies only the difference: unchanged processes keep their pid,
# a changed one restarts, a removed one stops, an added one starts; a bad
# new table is refused and the running one kept.
# shellcheck source=tests/cli/svcd-lib.inc
. "$(dirname "$0")/svcd-lib.inc"

compile reload <<EOT
service keep {
    command "/bin/sleep 1001";
    startsecs 0s;
}
service change {
    command "/bin/sleep 1002";
    startsecs 0s;
}
service remove {
    command "/bin/sleep 1003";
    startsecs 0s;
}
EOT
start_svcd "$T/reload.svct"
wait_log "success: keep entered RUNNING"
wait_log "success: change entered RUNNING"
wait_log "success: remove entered RUNNING"
keep=$(pid_of keep)
change=$(pid_of change)
remove=$(pid_of remove)

compile next <<EOT
service keep {
    command "/bin/sleep 1001";
    startsecs 0s;
}
service change {
    command "/bin/sleep 1002";
    startsecs 0s;
    stopwait 3s;
}
service add {
    command "/bin/sleep 1004";
    startsecs 0s;
}
EOT
cp "$T/next.svct" "$T/reload.svct"
kill -HUP "$SVCD_PID"
wait_log "received SIGHUP indicating restart request"
wait_log "stopped: remove \(terminated by SIGTERM\)"
wait_log "stopped: change \(terminated by SIGTERM\)"
wait_log "spawned: 'change'" 2
wait_log "spawned: 'add'"
[ "$(pid_of keep)" = "$keep" ] || fail "keep was restarted"
alive "$keep" || fail "keep is not running"
[ "$(count "spawned: 'keep'")" = 1 ] || fail "keep was spawned again"
alive "$change" && fail "the old change is alive"
alive "$remove" && fail "remove is alive"
new=$(pid_of change)
alive "$new" || fail "the new change is not running"
# the old change was down before the new one started
[ "$(line_no "stopped: change")" -lt "$(grep -nE "spawned: 'change'" "$LOG" | sed -n 2p | cut -d: -f1)" ] \
	|| fail "change was started again before the old one stopped"

# a bad table: refused, nothing touched
printf 'garbage\n' >"$T/reload.svct"
kill -HUP "$SVCD_PID"
wait_log "ERRO reload refused"
wait_log "received SIGHUP" 2
alive "$keep" || fail "a bad reload stopped keep"
alive "$new" || fail "a bad reload stopped change"
[ "$(count "spawned:")" = 5 ] || fail "a bad reload spawned something"
stop_svcd
exit 0
