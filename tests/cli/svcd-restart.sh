#!/bin/sh
# Restarts are fast but never a hot loop: a process up over a second is
# respawned at once (well before the first backoff step of a second, the
# only figure this checks: speed is for make bench); one that dies at once
# is spawned at most once a second.
# shellcheck source=tests/cli/svcd-lib.inc
. "$(dirname "$0")/svcd-lib.inc"

compile restart <<EOT
service sprinter {
    command "$H/exitafter 0 1200";
    startsecs 1s;
    autorestart true;
}
service crasher {
    command "$H/exitafter 0";
    startsecs 0s;
    autorestart true;
}
EOT
start_svcd "$T/restart.svct"
wait_log "spawned: 'sprinter'" 3
for k in 1 2; do
	e=$(stamp_ms "exited: sprinter" "$k")
	s=$(stamp_ms "spawned: 'sprinter'" $((k + 1)))
	[ $((s - e)) -lt 1000 ] || fail "sprinter respawned $((s - e)) ms after its exit, as if backed off"
done
wait_log "spawned: 'crasher'" 4
a=$(stamp_ms "spawned: 'crasher'" 1)
b=$(stamp_ms "spawned: 'crasher'" 4)
[ $((b - a)) -ge 2900 ] || fail "crasher spawned 4 times in $((b - a)) ms"
[ "$(count "gave up: crasher")" = 0 ] || fail "startsecs 0 must never reach FATAL"
stop_svcd
exit 0
