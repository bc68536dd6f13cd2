#!/bin/sh
# ready tcp, http, exec and log: a process is RUNNING once its probe
# succeeds, not once it has been up a second, and `after` waits for that.
# The server binds its port only after 2 s; its dependant connects at once
# when it starts, so a start before the port accepts would be refused.
# shellcheck source=tests/cli/svcd-lib.inc
. "$(dirname "$0")/svcd-lib.inc"
# shellcheck source=tests/cli/port.inc
. "$(dirname "$0")/port.inc"
take_ports
PY=/usr/bin/python3
WEB=$((PORT + 1))

cat >"$T/slowbind.py" <<'EOF'
import socket, sys, time
time.sleep(2)
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.listen(16)
print("listening", flush=True)
while True:
    c, _ = s.accept()
    c.close()
EOF
cat >"$T/client.py" <<'EOF'
import socket, sys
try:
    socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5).close()
    print("connected", flush=True)
except OSError as e:
    print("refused:", e, flush=True)
    sys.exit(3)
EOF
cat >"$T/loud.sh" <<'EOF'
#!/bin/sh
echo "starting up"
sleep 1
echo "still loading"
sleep 0.5
echo "now listening on port 8080"
exec sleep 1000
EOF
chmod +x "$T/loud.sh"

compile probes <<EOT
service server {
    command "$PY $T/slowbind.py $PORT";
    ready tcp "127.0.0.1:$PORT" { every 100ms; timeout 20s; }
}
service client {
    command "$PY $T/client.py $PORT";
    after server;
    autorestart false;
    startsecs 0;
    startretries 0;
}
service web {
    command "$PY -m http.server --bind 127.0.0.1 $WEB";
    directory "$T";
    ready http "http://127.0.0.1:$WEB/" { every 100ms; }
}
service flag {
    command "/bin/sleep 1000";
    ready exec "/bin/sh -c 'echo >>$T/tries; test -e $T/flag'" { every 50ms; }
}
service loud {
    command "$T/loud.sh";
    ready log "listening on port [0-9]+";
}
service plain {
    command "/bin/sleep 1000";
    startsecs 0;
    after flag;
}
EOT
start_svcd "$T/probes.svct"

wait_log "success: server entered RUNNING state, process is ready \\(tcp 127.0.0.1:$PORT\\)" 1 30
wait_log "spawned: 'client'"
before "success: server entered RUNNING" "spawned: 'client'"
wait_log "exited: client \\(exit status 0; expected\\)" 1 20
grep -q '^connected$' "$T/client-stdout.log" || fail "the dependant could not connect: $(cat "$T/client-stdout.log")"
grep -q '^listening$' "$T/server-stdout.log" || fail "the server never said it listened"
# readiness, not startsecs: the server was not RUNNING before it bound
t0=$(stamp_ms "spawned: 'server'")
t1=$(stamp_ms "success: server entered RUNNING")
[ $((t1 - t0)) -ge 1900 ] || fail "server RUNNING $((t1 - t0)) ms after its spawn, before it could bind"

wait_log "success: web entered RUNNING state, process is ready \\(http http://127.0.0.1:$WEB/\\)" 1 30

wait_log "success: loud entered RUNNING state, process is ready \\(log\\)" 1 20
t0=$(stamp_ms "spawned: 'loud'")
t1=$(stamp_ms "success: loud entered RUNNING")
[ $((t1 - t0)) -ge 1400 ] || fail "loud RUNNING $((t1 - t0)) ms after its spawn, before its line"

# flag waits for its file (five tries have failed); plain waits for flag
wait_until 20 sh -c "[ \$(wc -l <'$T/tries' 2>/dev/null || echo 0) -ge 5 ]"
[ "$(count "success: flag entered RUNNING")" = 0 ] || fail "flag RUNNING without its file"
[ "$(count "spawned: 'plain'")" = 0 ] || fail "plain started before flag was ready"
touch "$T/flag"
wait_log "success: flag entered RUNNING state, process is ready \\(exec\\)"
wait_log "spawned: 'plain'"
before "success: flag entered RUNNING" "spawned: 'plain'"
[ "$(count "reaped unknown pid")" = 0 ] || fail "an exec probe was reaped as unknown"
stop_svcd
# no probe child is left behind
left=$(pgrep -f -- "$T/" || true)
[ -z "$left" ] || fail "left behind: $(ps -o pid=,args= -p "$(echo $left | tr ' ' ,)")"
exit 0
