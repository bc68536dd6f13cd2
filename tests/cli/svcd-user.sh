#!/bin/sh
# `user` needs root: an svcd that is not root records a clear spawn error
# for a process that asks for another user (BACKOFF, then FATAL) and keeps
# running the others. Run as root, the test starts svcd as nobody.
# shellcheck source=tests/cli/svcd-lib.inc
. "$(dirname "$0")/svcd-lib.inc"

if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null; then
	echo "skipped: needs root and setpriv"
	exit 0
fi
chmod 755 "$T"
mkdir "$T/run"
chown nobody "$T/run"
LOG=$T/run/svcd.log
compile_raw user <<EOT
supervisor {
    logfile "$T/run/svcd.log";
    pidfile "$T/run/svcd.pid";
    childlogdir "$T/run";
}
service other {
    command "/bin/sleep 1000";
    user root;
    startretries 1;
}
service mine {
    command "/bin/sleep 1000";
}
EOT
chmod 644 "$T/user.svct"
setpriv --reuid=nobody --regid=nogroup --clear-groups "$B/svcd" -n -c "$T/user.svct" >"$T/svcd.out" 2>&1 &
SVCD_PID=$!
wait_log "svcd started with pid"
wait_log "INFO spawnerr: can't run as user 'root': svcd is not running as root" 2
wait_log "gave up: other entered FATAL state"
wait_log "success: mine entered RUNNING state"
stop_svcd
exit 0
