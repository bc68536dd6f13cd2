#!/bin/sh
# Crash loops do not make svcd busy: one program that dies at once goes to
# FATAL after its retries, another (startsecs 0, autorestart true: never
# FATAL) is forked about once a second; over ~10 s svcd's CPU time (user +
# system, from /proc/PID/stat) stays well under a second.
# shellcheck source=tests/cli/svcd-lib.inc
. "$(dirname "$0")/svcd-lib.inc"

compile cpu <<EOT
service dies {
    command "$H/exitafter 1";
    startsecs 1s;
    startretries 3;
}
service loops {
    command "$H/exitafter 0";
    startsecs 0s;
    autorestart true;
}
EOT
# CPU time of svcd in clock ticks
ticks() {
	# the fields after the command name, which is in parentheses
	sed 's/.*) //' "/proc/$SVCD_PID/stat" | awk '{ print $12 + $13 }'
}
hz=$(getconf CLK_TCK)
start_svcd "$T/cpu.svct"
t0=$(ticks)
ms0=$(now_ms)
wait_log "gave up: dies entered FATAL state, too many start retries too quickly" 1 20
[ "$(count "spawned: 'dies'")" = 4 ] || fail "dies was spawned $(count "spawned: 'dies'") times, not 1 + 3 retries"
# the rest of a 10 s window
left=$((10000 - ($(now_ms) - ms0)))
[ $left -gt 0 ] && sleep "$(echo "$left" | awk '{ printf "%.3f", $1 / 1000 }')"
t1=$(ticks)
ms1=$(now_ms)
spawns=$(count "spawned: 'loops'")
secs=$(((ms1 - ms0 + 999) / 1000))
[ "$spawns" -le $((secs + 2)) ] || fail "loops was forked $spawns times in $secs s"
[ "$spawns" -ge $((secs / 2)) ] || fail "loops was forked only $spawns times in $secs s"
used=$(((t1 - t0) * 1000 / hz))
echo "svcd used $used ms of CPU in $((ms1 - ms0)) ms; loops spawned $spawns times"
[ "$used" -le 500 ] || fail "svcd used $used ms of CPU in $((ms1 - ms0)) ms"
[ "$(count "gave up: loops")" = 0 ] || fail "startsecs 0 must never reach FATAL"
stop_svcd
exit 0
