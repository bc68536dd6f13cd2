#!/bin/sh
# Stopping a child that ignores its stop signal: "waiting for" lines, then
# SIGKILL after stopwait, "killing" and "stopped ... SIGKILL"; svcd then
# exits 0 by itself.
# shellcheck source=tests/cli/svcd-lib.inc
. "$(dirname "$0")/svcd-lib.inc"

compile kill <<EOT
service stubborn {
    command "$H/ignoreterm";
    startsecs 0s;
    stopwait 2s;
}
service herd {
    command "$H/ignoreterm $T/herd.gpid";
    startsecs 0s;
    stopwait 1s;
    stopasgroup true;
    killasgroup true;
}
EOT
start_svcd "$T/kill.svct"
wait_log "success: stubborn entered RUNNING state"
# ignoreterm has set its handler once it has printed
wait_line 10 "$T/stubborn-stdout.log" ready
wait_line 10 "$T/herd-stdout.log" ready
wait_line 10 "$T/herd.gpid" '[0-9]'
herd=$(cat "$T/herd.gpid")
pid=$(pid_of stubborn)
# SIGINT stops everything as SIGTERM does (and reaches svcd although a
# background job of sh starts with SIGINT ignored)
kill -INT "$SVCD_PID"
wait_log "WARN received SIGINT indicating exit request"
wait_log "INFO waiting for stubborn to stop"
wait_log "WARN killing 'stubborn' \($pid\) with SIGKILL" 1 15
wait_log "WARN stopped: stubborn \(terminated by SIGKILL\)"
w=$(stamp_ms "waiting for stubborn to stop")
k=$(stamp_ms "killing 'stubborn'")
[ $((k - w)) -ge 1900 ] || fail "SIGKILL came $((k - w)) ms after the stop, before stopwait"
wait_exit 10 $SVCD_PID
wait "$SVCD_PID" || fail "svcd exited non-zero after SIGINT"
SVCD_PID=
alive "$pid" && fail "stubborn is still alive"
# killasgroup: the SIGKILL went to the group, grandchild included
wait_log "WARN stopped: herd \(terminated by SIGKILL\)"
wait_exit 10 $herd
exit 0
