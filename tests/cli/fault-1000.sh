#!/bin/sh
# 1,000 processes in one table, each with its stdout and stderr logs (so
# svcd holds 2,000 pipes: minfds raises its limit): all reach RUNNING, all
# are svcd's children; Debian's supervisorctl and svcctl both list all 1,000
# as RUNNING over the control socket, `stop all` stops them and `start all`
# brings them back; SIGTERM then stops every one. The times are printed,
# not judged (make bench measures speed): each deadline here only bounds a
# hang, generously, since the sanitizer build on a busy machine is slow.
# shellcheck source=tests/cli/svcd-lib.inc
. "$(dirname "$0")/svcd-lib.inc"

SOCK=$T/ctl.sock
compile_raw many <<EOT
supervisor {
    logfile "$LOG";
    pidfile "$T/svcd.pid";
    childlogdir "$T";
    minfds 4096;
    socket "$SOCK";
}
service w {
    command "/bin/sleep 1000";
    instances 1000;
    name "w_\${index}";
    startsecs 1s;
}
EOT
t0=$(now_ms)
start_svcd "$T/many.svct"
wait_log "success: w_[0-9]+ entered RUNNING" 1000 180
t1=$(now_ms)
[ "$(count "spawnerr")" = 0 ] || fail "spawn errors: $(grep -m3 spawnerr "$LOG")"
kids=$(ps -o pid= --ppid "$SVCD_PID" | wc -l)
[ "$kids" = 1000 ] || fail "svcd has $kids children, not 1000"
[ "$(count "spawned: 'w_")" = 1000 ] || fail "some were spawned twice"

# in_state CLIENT STATE: CLIENT's `status` must list all 1,000 in STATE.
in_state() {
	timeout 120 "$1" -s "unix://$SOCK" status >"$T/status.out" 2>&1
	[ "$(grep -cE "^w:w_[0-9]+ +$2 " "$T/status.out")" = 1000 ] && return
	head "$T/status.out"
	fail "$(basename "$1") status: not 1000 $2"
}
# ctl CLIENT ACTION...: one command, stopped if it hangs.
ctl() {
	c=$1
	shift
	timeout 180 "$c" -s "unix://$SOCK" "$@" >"$T/ctl.out" 2>&1
	[ $? -lt 124 ] || fail "$(basename "$c") $* hung for 180 s"
}
in_state supervisorctl RUNNING
in_state "$B/svcctl" RUNNING
t2=$(now_ms)
ctl supervisorctl stop all
[ "$(grep -cE '^w:w_[0-9]+: stopped$' "$T/ctl.out")" = 1000 ] \
	|| { head "$T/ctl.out"; fail "supervisorctl stop all did not stop 1000"; }
in_state "$B/svcctl" STOPPED
kids=$(ps -o pid= --ppid "$SVCD_PID" | wc -l)
[ "$kids" = 0 ] || fail "svcd still has $kids children after stop all"
t3=$(now_ms)
ctl "$B/svcctl" start all
[ "$(grep -cE '^w:w_[0-9]+: started$' "$T/ctl.out")" = 1000 ] \
	|| { head "$T/ctl.out"; fail "svcctl start all did not start 1000"; }
in_state supervisorctl RUNNING
t4=$(now_ms)
kids=$(ps -o pid= --ppid "$SVCD_PID" | wc -l)
[ "$kids" = 1000 ] || fail "svcd has $kids children after start all, not 1000"
stop_svcd
t5=$(now_ms)
# stop all and SIGTERM: each of the 1,000 stopped twice
[ "$(count "stopped: w_[0-9]+ \(terminated by SIGTERM\)")" = 2000 ] \
	|| fail "not all 1000 were stopped twice"
left=0
for env in /proc/[0-9]*/environ; do
	{ tr '\0' '\n' <"$env"; } 2>/dev/null | grep -qx "SVCD_TEST_TAG=$T" && left=$((left + 1))
done
[ "$left" = 0 ] || fail "$left processes outlived svcd"
echo "1000 processes: RUNNING after $((t1 - t0)) ms, both status lists in $((t2 - t1)) ms," \
	"stop all in $((t3 - t2)) ms, start all in $((t4 - t3)) ms, SIGTERM stop in $((t5 - t4)) ms"
exit 0
