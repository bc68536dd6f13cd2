#!/bin/sh
# 1,000 processes in one table, each with its stdout and stderr logs (so
# svcd holds 2,000 pipes: minfds raises its limit): all reach RUNNING, all
# are svcd's children, and SIGTERM stops every one in bounded time.
# shellcheck source=tests/cli/svcd-lib.inc
. "$(dirname "$0")/svcd-lib.inc"

compile_raw many <<EOT
supervisor {
    logfile "$LOG";
    pidfile "$T/svcd.pid";
    childlogdir "$T";
    minfds 4096;
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
wait_log "success: w_[0-9]+ entered RUNNING" 1000 60
t1=$(now_ms)
[ "$(count "spawnerr")" = 0 ] || fail "spawn errors: $(grep -m3 spawnerr "$LOG")"
kids=$(ps -o pid= --ppid "$SVCD_PID" | wc -l)
[ "$kids" = 1000 ] || fail "svcd has $kids children, not 1000"
[ "$(count "spawned: 'w_")" = 1000 ] || fail "some were spawned twice"
stop_svcd
t2=$(now_ms)
[ "$(count "stopped: w_[0-9]+ \(terminated by SIGTERM\)")" = 1000 ] || fail "not all 1000 were stopped"
left=0
for env in /proc/[0-9]*/environ; do
	{ tr '\0' '\n' <"$env"; } 2>/dev/null | grep -qx "SVCD_TEST_TAG=$T" && left=$((left + 1))
done
[ "$left" = 0 ] || fail "$left processes outlived svcd"
echo "1000 processes: RUNNING after $((t1 - t0)) ms, stopped in $((t2 - t1)) ms"
[ $((t2 - t1)) -le 15000 ] || fail "stopping 1000 took $((t2 - t1)) ms"
exit 0
