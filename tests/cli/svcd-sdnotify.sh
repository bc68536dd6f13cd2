#!/bin/sh
# svcd's own readiness: started with NOTIFY_SOCKET (as systemd starts a
# Type=notify unit), it sends READY=1 once every autostart process has
# been RUNNING or is FATAL (or, retried for ever, has failed once), not
# before; its children do not inherit the socket.
# shellcheck source=tests/cli/svcd-lib.inc
. "$(dirname "$0")/svcd-lib.inc"
PY=/usr/bin/python3

compile self <<EOT
service quick {
    command "/bin/sleep 1000";
    startsecs 0;
}
service slow {
    command "/bin/sleep 1000";
    startsecs 1500ms;
}
service broken {
    command "/bin/false";
    startretries 0;
}
service forever {
    command "/bin/false";
    startsecs 30s;
    startretries infinite;
}
service manual {
    command "/bin/sleep 1000";
    autostart false;
}
EOT
# the "service manager": takes one datagram and copies the log as it is then
$PY - "$T/notify.sock" "$LOG" "$T/at-ready.log" "$T/msg" <<'EOF' &
import shutil, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
s.settimeout(30)
open(sys.argv[4] + ".bound", "w").close()
data = s.recv(4096)
shutil.copy(sys.argv[2], sys.argv[3])
open(sys.argv[4], "wb").write(data)
EOF
mgr=$!
wait_until 10 test -e "$T/msg.bound"
NOTIFY_SOCKET=$T/notify.sock "$B/svcd" -n -c "$T/self.svct" >"$T/svcd.out" 2>&1 &
SVCD_PID=$!
wait "$mgr" || fail "no message from svcd"
grep -q '^READY=1$' "$T/msg" || fail "svcd sent: $(cat "$T/msg")"
grep -q "success: slow entered RUNNING" "$T/at-ready.log" || fail "READY=1 came before slow was RUNNING"
grep -q "gave up: broken entered FATAL" "$T/at-ready.log" || fail "READY=1 came before broken was FATAL"
wait_log "svcd is ready: every autostart process has started"
grep -q NOTIFY_SOCKET "/proc/$(pid_of quick)/environ" && fail "a child inherited svcd's NOTIFY_SOCKET"
stop_svcd
exit 0
