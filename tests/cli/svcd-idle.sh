#!/bin/sh
# No periodic wake-up: while nothing happens svcd sleeps in one wait call,
# so its count of voluntary context switches does not grow.
# shellcheck source=tests/cli/svcd-lib.inc
. "$(dirname "$0")/svcd-lib.inc"

compile idle <<EOT
service quiet {
    command "/bin/sleep 1000";
    startsecs 1s;
}
EOT
start_svcd "$T/idle.svct"
wait_log "success: quiet entered RUNNING"
switches() {
	awk '/^voluntary_ctxt_switches/ { print $2 }' "/proc/$SVCD_PID/status"
}
# let the last lines be written, then watch a quiet stretch: both are
# windows, since what is measured is that nothing happens
sleep 0.5
a=$(switches)
sleep 3
b=$(switches)
[ "$b" = "$a" ] || fail "svcd woke up $((b - a)) times while idle"
stop_svcd
exit 0
