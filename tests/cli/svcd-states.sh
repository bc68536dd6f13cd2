#!/bin/sh
# The process states: STARTING -> RUNNING, exits from RUNNING expected and
# not (exitcodes), autorestart true/false/unexpected, and the stop at
# SIGTERM with svcd exiting 0 and removing its pidfile.
# shellcheck source=tests/cli/svcd-lib.inc
. "$(dirname "$0")/svcd-lib.inc"

compile states <<EOT
service steady {
    command "/bin/sleep 1000";
    startsecs 1s;
}
service expected {
    command "$H/exitafter 0 1300";
    startsecs 1s;
}
service unexpected {
    command "$H/exitafter 3 1300";
    startsecs 1s;
    autorestart unexpected;
}
service never {
    command "$H/exitafter 4 1300";
    startsecs 1s;
    autorestart false;
}
service listed {
    command "$H/exitafter 4 1300";
    startsecs 1s;
    exitcodes 0 4;
    autorestart true;
}
EOT
start_svcd "$T/states.svct"
[ -s "$T/svcd.pid" ] || fail "no pidfile"
[ "$(cat "$T/svcd.pid")" = "$SVCD_PID" ] || fail "the pidfile does not hold svcd's pid"

wait_log "success: steady entered RUNNING state, process has stayed up for > than 1 seconds \(startsecs\)"
wait_log "INFO exited: expected \(exit status 0; expected\)"
wait_log "WARN exited: unexpected \(exit status 3; not expected\)"
wait_log "WARN exited: never \(exit status 4; not expected\)"
wait_log "INFO exited: listed \(exit status 4; expected\)"
# unexpected and listed (autorestart true) come back; expected and never not
wait_log "spawned: 'unexpected' with pid" 2
wait_log "spawned: 'listed' with pid" 2
wait_log "success: unexpected entered RUNNING state" 2
[ "$(count "spawned: 'expected' with pid")" = 1 ] || fail "expected was restarted"
[ "$(count "spawned: 'never' with pid")" = 1 ] || fail "never was restarted"

# the order of one life: spawned, success, exited
before "spawned: 'never'" "success: never entered RUNNING"
before "success: never entered RUNNING" "exited: never"

steady=$(pid_of steady)
alive "$steady" || fail "steady is not running"

# SIGUSR2 reopens the log: said in the renamed file, later lines go to a
# new one
mv "$LOG" "$T/svcd.log.old"
LOG=$T/svcd.log.old
kill -USR2 "$SVCD_PID"
wait_log "received SIGUSR2 indicating log reopen request"
LOG=$T/svcd.log
stop_svcd
grep -q "received SIGTERM indicating exit request" "$LOG" || fail "no SIGTERM line in the reopened log"
cat "$T/svcd.log.old" "$T/svcd.log" >"$T/svcd.log.all"
LOG=$T/svcd.log.all
wait_log "waiting for steady to stop"
wait_log "WARN stopped: steady \(terminated by SIGTERM\)"
alive "$steady" && fail "steady survived the shutdown"
[ -e "$T/svcd.pid" ] && fail "the pidfile was left behind"
# the log lines have supervisord's format
grep -vqE '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2},[0-9]{3} (CRIT|ERRO|WARN|INFO|DEBG|TRAC|BLAT) ' "$LOG" \
	&& fail "a log line is not in supervisord's format"
exit 0
