#!/bin/sh
# Out of file descriptors: under `ulimit -n 40` (and minfds 0, so svcd does
# not raise it) a table of 40 processes, each holding a pipe and a log file
# in svcd, cannot all start. Spawn errors are reported, svcd does not crash,
# the processes that could start run, and SIGTERM still stops everything.
# shellcheck source=tests/cli/svcd-lib.inc
. "$(dirname "$0")/svcd-lib.inc"

{
	cat <<EOT
supervisor {
    logfile "$LOG";
    pidfile "$T/svcd.pid";
    childlogdir "$T";
    minfds 0;
}
EOT
	i=0
	while [ $i -lt 40 ]; do
		cat <<EOT
service p$i {
    command "/bin/sleep 1000";
    startsecs 0s;
    startretries 1;
    stdout "$T/p$i.log";
    stderr stdout;
}
EOT
		i=$((i + 1))
	done
} | compile_raw fds

sh -c "ulimit -n 40 && exec '$B/svcd' -n -c '$T/fds.svct'" >"$T/svcd.out" 2>&1 &
SVCD_PID=$!
wait_log 'svcd started with pid' 1 10
[ "$(awk '/^Max open files/ { print $4 }' "/proc/$SVCD_PID/limits")" = 40 ] \
	|| fail "svcd does not run under the low limit"

# every process either runs or, after its retries, gives up
# shellcheck disable=SC2317 # called through wait_until
settled() {
	[ $(($(count "entered RUNNING state") + $(count "gave up: p[0-9]+ entered FATAL"))) -ge 40 ]
}
wait_until 30 settled
running=$(count "entered RUNNING state")
[ "$(count "spawnerr: too many open files to spawn 'p[0-9]+'")" -gt 0 ] \
	|| fail "no spawn error was reported"
[ "$running" -ge 5 ] || fail "only $running processes could start"
[ "$running" -lt 40 ] || fail "all 40 started: the limit was not reached"
alive "$SVCD_PID" || fail "svcd died"
# what the log says runs is what runs: svcd's children are the sleeps
kids=$(ps -o pid= --ppid "$SVCD_PID" | wc -l)
[ "$kids" = "$running" ] || fail "$kids children run, the log says $running"
for pid in $(ps -o pid= --ppid "$SVCD_PID"); do
	[ "$(cat "/proc/$pid/comm")" = sleep ] || fail "child $pid is not a sleep"
done
stop_svcd
[ "$(count "stopped: p[0-9]+ \(terminated by SIGTERM\)")" = "$running" ] \
	|| fail "not every running process was stopped"
exit 0
