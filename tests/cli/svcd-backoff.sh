#!/bin/sh
# Failed starts: the Nth consecutive failure waits N seconds, startretries+1
# attempts, then FATAL with "gave up"; spawn errors take the same road.
# shellcheck source=tests/cli/svcd-lib.inc
. "$(dirname "$0")/svcd-lib.inc"

compile backoff <<EOT
service flaky {
    command "$H/exitafter 1";
    startsecs 1s;
    startretries 3;
}
service missing {
    command "/nonexistent/prog";
    startretries 1;
}
service pathless {
    command "no-such-command-anywhere";
    startretries 0;
}
EOT
start_svcd "$T/backoff.svct"
wait_log "gave up: flaky entered FATAL state, too many start retries too quickly" 1 25
wait_log "gave up: missing entered FATAL state"
wait_log "gave up: pathless entered FATAL state"

[ "$(count "spawned: 'flaky'")" = 4 ] || fail "flaky: expected 4 spawns (startretries 3)"
[ "$(count "WARN exited: flaky \(exit status 1; not expected\)")" = 4 ] || fail "flaky: expected 4 exits"
# an exit is always reaped before startsecs is judged: never a "success"
[ "$(count "success: flaky")" = 0 ] || fail "flaky was promoted to RUNNING"
# gaps between spawns grow 1 s, 2 s, 3 s (generous bounds)
prev=$(stamp_ms "spawned: 'flaky'" 1)
for k in 2 3 4; do
	t=$(stamp_ms "spawned: 'flaky'" "$k")
	gap=$((t - prev))
	want=$(((k - 1) * 1000))
	if [ "$gap" -lt $((want - 50)) ] || [ "$gap" -gt $((want + 1500)) ]; then
		fail "flaky: gap before spawn $k is $gap ms, expected about $want"
	fi
	prev=$t
done
before "exited: flaky" "gave up: flaky"

[ "$(count "INFO spawnerr: can't find command '/nonexistent/prog'")" = 2 ] \
	|| fail "missing: expected two spawnerr lines"
[ "$(count "spawnerr: can't find command 'no-such-command-anywhere'")" = 1 ] \
	|| fail "pathless: expected one spawnerr line"

# FATAL stays FATAL: no further spawn
n=$(count "spawned: 'flaky'")
# a window in which nothing may happen: no event marks a non-event
sleep 1.5
[ "$(count "spawned: 'flaky'")" = "$n" ] || fail "flaky was spawned after FATAL"
stop_svcd
exit 0
