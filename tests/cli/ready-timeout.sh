#!/bin/sh
# A process that is never ready within its timeout is stopped and counted
# as a failed start: BACKOFF, and FATAL after startretries, with
# supervisord's lines. One that exits before it is ready fails its start
# too, even after startsecs.
# shellcheck source=tests/cli/svcd-lib.inc
. "$(dirname "$0")/svcd-lib.inc"

compile timeout <<EOT
service never {
    command "/bin/sleep 1000";
    ready exec "/bin/false" { timeout 700ms; every 100ms; }
    startretries 1;
    stopwait 2s;
}
service endless {
    command "/bin/sh -c 'head -c 100000 /dev/zero | tr \\\\0 x >&3; exec sleep 1000'";
    ready notify { timeout 1s; }
    startretries 0;
}
service quitter {
    command "/bin/sh -c 'sleep 1.5; exit 4'";
    ready notify;
    startretries 0;
}
EOT
start_svcd "$T/timeout.svct"
wait_log "not ready: never within 0.7 seconds \\(timeout\\)"
wait_log "waiting for never to stop"
wait_log "exited: never \\(terminated by SIGTERM; not expected\\)"
wait_log "gave up: never entered FATAL state, too many start retries too quickly" 1 20
[ "$(count "spawned: 'never'")" = 2 ] || fail "never: $(count "spawned: 'never'") spawns for startretries 1"
[ "$(count "success: never entered RUNNING")" = 0 ] || fail "never became RUNNING"
before "not ready: never" "exited: never"
# the second try came after the BACKOFF's wait of 1 s
t0=$(stamp_ms "exited: never")
t1=$(stamp_ms "spawned: 'never'" 2)
[ $((t1 - t0)) -ge 900 ] || fail "the retry came $((t1 - t0)) ms after the failed start"

# a line that never ends: read up to a limit, then no more
wait_log "'endless' wrote [0-9]+ bytes on its notify descriptor without a newline"
wait_log "not ready: endless within 1 seconds \\(timeout\\)"

# up 1.5 s > startsecs, but never ready: a failed start, not an exit
wait_log "exited: quitter \\(exit status 4; not expected\\)"
wait_log "gave up: quitter entered FATAL state"
[ "$(count "success: quitter entered RUNNING")" = 0 ] || fail "quitter was promoted by startsecs"
# the time-out killed every exec probe it started: none is left
[ "$(count "reaped unknown pid")" = 0 ] || fail "a probe was reaped as unknown"
stop_svcd
exit 0
