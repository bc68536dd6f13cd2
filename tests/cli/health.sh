#!/bin/sh
# health: a server that stops answering (SIGSTOP) is restarted after
# `failures` failed checks in a row, whatever autorestart says, with the
# "unhealthy:" line; a flapping one, whose successes reset the count, is
# never restarted; the description says healthy or unhealthy.
# shellcheck source=tests/cli/svcd-lib.inc
. "$(dirname "$0")/svcd-lib.inc"
# shellcheck source=tests/cli/port.inc
. "$(dirname "$0")/port.inc"
take_ports
PY=/usr/bin/python3
SOCK=$T/ctl.sock

# fails every other check: never two failures in a row (and forks
# nothing, so that it is quick even on a loaded machine)
cat >"$T/flap.sh" <<'EOF'
#!/bin/sh
n=0
read -r n <"$1" 2>/dev/null
n=$((n + 1))
echo "$n" >"$1"
[ $((n % 2)) = 0 ]
EOF
chmod +x "$T/flap.sh"

compile health <<EOT
service web {
    command "$PY -m http.server --bind 127.0.0.1 $PORT";
    directory "$T";
    ready tcp "127.0.0.1:$PORT" { every 50ms; }
    health http "http://127.0.0.1:$PORT/" { every 200ms; timeout 150ms; failures 3; }
    autorestart false;
    stopwait 1s;
}
service flappy {
    command "/bin/sleep 1000";
    startsecs 0;
    health exec "$T/flap.sh $T/count" { every 250ms; failures 2; }
}
service sick {
    command "/bin/sleep 1000";
    startsecs 0;
    health exec "/bin/false" { every 50ms; failures 1000; }
}
EOT
start_svcd "$T/health.svct"
wait_log "success: web entered RUNNING state, process is ready"
pid=$(pid_of web)
wait_until 10 sh -c "'$B/svcctl' -s 'unix://$SOCK' status web | grep -q 'ready, healthy'"
# the same words on the web panel
curl -s -m 5 --unix-socket "$SOCK" http://localhost/ | grep -q 'ready, healthy' \
	|| fail "the panel does not say ready, healthy"
kill -STOP "$pid"
t0=$(now_ms)
wait_log "unhealthy: web \\(3 failures: timed out\\)" 1 20
t1=$(stamp_ms "unhealthy: web")
[ $((t1 - t0)) -ge 400 ] || fail "unhealthy $((t1 - t0)) ms after SIGSTOP: sooner than 3 checks 200 ms apart allow"
wait_log "killing 'web' \\($pid\\) with SIGKILL"
wait_log "spawned: 'web'" 2
wait_log "success: web entered RUNNING state, process is ready" 2
[ "$(pid_of web)" != "$pid" ] || fail "web was not restarted"

wait_until 10 sh -c "'$B/svcctl' -s 'unix://$SOCK' status sick | grep -Eq 'uptime [0-9:]+, unhealthy \\([0-9]+ failures: exit status 1\\)\$'"
# flappy: at least 12 checks, half of them failures, and no restart
wait_until 30 sh -c "[ \$(cat '$T/count' 2>/dev/null || echo 0) -ge 12 ]"
[ "$(count "unhealthy: flappy")" = 0 ] || fail "flappy was found unhealthy though every failure was followed by a success"
[ "$(count "spawned: 'flappy'")" = 1 ] || fail "flappy was restarted"
stop_svcd
exit 0
