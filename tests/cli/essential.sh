#!/bin/sh
# essential: svcd as PID 1 of a new pid namespace; when the essential
# process exits (status 7, autorestart false) every other process is
# stopped in reverse dependency order and svcd exits with 7. An essential
# process that goes FATAL makes svcd exit with 1.
# shellcheck source=tests/cli/svcd-lib.inc
. "$(dirname "$0")/svcd-lib.inc"

compile essential <<EOT
service db {
    command "/bin/sleep 1000";
    startsecs 0;
}
service app {
    command "/bin/sleep 1000";
    startsecs 0;
    after db;
}
service main {
    command "/bin/sh -c 'sleep 1; exit 7'";
    startsecs 0;
    autorestart false;
    essential true;
    after app;
}
EOT
if [ "$(id -u)" = 0 ] && unshare --pid --fork --mount-proc true 2>/dev/null; then
	unshare --pid --fork --mount-proc "$B/svcd" -n -c "$T/essential.svct" >"$T/svcd.out" 2>&1
	rc=$?
	grep -q "svcd started with pid 1\$" "$LOG" || fail "svcd was not PID 1 of its namespace"
else
	echo "note: not root or no pid namespaces: svcd runs as a plain process"
	"$B/svcd" -n -c "$T/essential.svct" >"$T/svcd.out" 2>&1
	rc=$?
fi
[ "$rc" = 7 ] || fail "svcd exited with $rc, not the essential process's 7"
wait_log "CRIT essential process main is gone \\(exit status 7\\)"
before "exited: main \\(exit status 7" "waiting for app to stop"
before "stopped: app" "waiting for db to stop"
wait_log "stopped: db"

compile fatal <<EOT
service other {
    command "/bin/sleep 1000";
    startsecs 0;
}
service core {
    command "/bin/false";
    startsecs 30s;
    startretries 1;
    essential true;
}
EOT
: >"$LOG"
"$B/svcd" -n -c "$T/fatal.svct" >"$T/svcd.out" 2>&1
rc=$?
[ "$rc" = 1 ] || fail "svcd exited with $rc after its essential process went FATAL"
wait_log "gave up: core entered FATAL state"
wait_log "CRIT essential process core is gone \\(FATAL\\)"
wait_log "stopped: other"
exit 0
