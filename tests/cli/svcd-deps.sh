#!/bin/sh
# `after`: a process starts only once all it depends on are RUNNING, stops
# before them, and waits (saying so) on a dependency that went FATAL.
# shellcheck source=tests/cli/svcd-lib.inc
. "$(dirname "$0")/svcd-lib.inc"

compile deps <<EOT
service db {
    command "/bin/sleep 1000";
    startsecs 1s;
}
service cache {
    command "/bin/sleep 1000";
    startsecs 2s;
}
service web {
    command "/bin/sleep 1000";
    startsecs 0s;
    after db cache;
}
service early {
    command "/bin/sleep 1000";
    startsecs 0s;
    priority 1;
    after db;
}
service broken {
    command "$H/exitafter 1";
    startretries 0;
}
service hopeful {
    command "/bin/sleep 1000";
    after broken;
}
EOT
start_svcd "$T/deps.svct"
wait_log "spawned: 'web'"
before "success: db entered RUNNING" "spawned: 'web'"
before "success: cache entered RUNNING" "spawned: 'web'"
wait_log "gave up: broken entered FATAL state"
wait_log "WARN hopeful is waiting for broken, which is in FATAL state"
[ "$(count "spawned: 'hopeful'")" = 0 ] || fail "hopeful started without its dependency"
wait_log "success: web entered RUNNING"
wait_log "success: early entered RUNNING"
before "success: db entered RUNNING" "spawned: 'early'"
stop_svcd
# web stops first; db and cache only once web is down
# early (priority 1) would stop last by priority, but db needs it down
before "stopped: early" "waiting for db to stop"
before "stopped: web" "waiting for db to stop"
before "stopped: web" "waiting for cache to stop"
[ "$(count "hopeful is waiting for broken")" = 1 ] || fail "the FATAL dependency was reported more than once"
exit 0
