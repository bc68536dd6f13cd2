#!/bin/sh
# ready notify (s6: a line on a descriptor) and ready sdnotify (systemd's
# NOTIFY_SOCKET), with Debian's systemd-notify and with a sender written
# with Python's socket module; a message from a process that is not one
# of svcd's is ignored and logged; a missed watchdog restarts the process;
# STATUS= is shown in the description.
# shellcheck source=tests/cli/svcd-lib.inc
. "$(dirname "$0")/svcd-lib.inc"
PY=/usr/bin/python3
SOCK=$T/ctl.sock

cat >"$T/sdpy.py" <<'EOF'
import os, socket, sys, time
def send(msg):
    addr = os.environ["NOTIFY_SOCKET"]
    if addr.startswith("@"):
        addr = "\0" + addr[1:]
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.sendto(msg.encode(), addr)
    s.close()
time.sleep(0.3)
send("STATUS=warming up")
time.sleep(0.3)
send("READY=1\nSTATUS=serving")
if len(sys.argv) > 1:          # the watchdog case: one ping, then silence
    assert os.environ.get("WATCHDOG_USEC") == "500000", os.environ.get("WATCHDOG_USEC")
    send("WATCHDOG=1")
time.sleep(1000)
EOF
cat >"$T/shnotify.sh" <<'EOF'
#!/bin/sh
sleep 0.3
systemd-notify --ready --status="up from a script" || echo "systemd-notify failed: $?" >&2
exec sleep 1000
EOF
chmod +x "$T/shnotify.sh"

cat >"$T/daemon.py" <<'EOF'
import os, socket, time
child = os.fork()
if child == 0:
    time.sleep(1000)
    os._exit(0)
a = os.environ["NOTIFY_SOCKET"]
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.sendto(("READY=1\nMAINPID=%d" % child).encode(), "\0" + a[1:])
time.sleep(0.3)
EOF

cat >"$T/notmine.py" <<'EOF'
import os, socket, time
r, w = os.pipe()
inter = os.fork()
if inter == 0:
    g = os.fork()
    if g == 0:
        time.sleep(1000)
        os._exit(0)
    os.write(w, b"%d\n" % g)
    time.sleep(1000)
    os._exit(0)
g = int(os.read(r, 64))
a = os.environ["NOTIFY_SOCKET"]
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.sendto(("READY=1\nMAINPID=%d" % g).encode(), "\0" + a[1:])
time.sleep(0.3)
EOF

# on SIGUSR1, a STATUS= of its own: it comes after all sent before it
cat >"$T/lonely.py" <<'EOF'
import os, signal, socket, time
def mark(*_):
    a = os.environ["NOTIFY_SOCKET"]
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.sendto(b"STATUS=marked", "\0" + a[1:])
signal.signal(signal.SIGUSR1, mark)
while True:
    time.sleep(1000)
EOF

compile notify <<EOT
service fd3 {
    command "/bin/sh -c 'sleep 0.5; echo ready >&3; exec sleep 1000'";
    ready notify;
}
service fd5 {
    command "/bin/sh -c 'echo not yet; sleep 0.3; printf ok >&5; sleep 0.3; echo >&5; exec sleep 1000'";
    ready notify { fd 5; }
}
service sdscript {
    command "$T/shnotify.sh";
    ready sdnotify;
}
service sdpy {
    command "$PY $T/sdpy.py";
    ready sdnotify;
}
service lonely {
    command "$PY $T/lonely.py";
    ready sdnotify { timeout 30s; }
}
service dog {
    command "$PY $T/sdpy.py watchdog";
    ready sdnotify { watchdog 500ms; }
    startretries 10;
}
service forker {
    command "$PY $T/daemon.py";
    ready sdnotify;
}
service notmine {
    command "$PY $T/notmine.py";
    ready sdnotify;
    autorestart false;
}
service needs {
    command "/bin/sleep 1000";
    startsecs 0;
    after fd3 sdscript sdpy;
}
EOT
start_svcd "$T/notify.svct"
wait_log "success: fd3 entered RUNNING state, process is ready \\(notify\\)"
wait_log "success: fd5 entered RUNNING state, process is ready \\(notify\\)"
wait_log "success: sdscript entered RUNNING state, process is ready \\(sdnotify\\)"
wait_log "success: sdpy entered RUNNING state, process is ready \\(sdnotify\\)"
wait_log "spawned: 'needs'"
for d in fd3 sdscript sdpy; do before "success: $d entered RUNNING" "spawned: 'needs'"; done
t0=$(stamp_ms "spawned: 'fd3'")
t1=$(stamp_ms "success: fd3 entered RUNNING")
[ $((t1 - t0)) -ge 450 ] || fail "fd3 RUNNING after $((t1 - t0)) ms, before it wrote its line"
# fd5's first write had no newline: not ready until the second
t0=$(stamp_ms "spawned: 'fd5'")
t1=$(stamp_ms "success: fd5 entered RUNNING")
[ $((t1 - t0)) -ge 550 ] || fail "fd5 RUNNING after $((t1 - t0)) ms, before its newline"
grep -q "systemd-notify failed" "$T/sdscript-stderr.log" && fail "systemd-notify --ready failed: $(cat "$T/sdscript-stderr.log")"

# a sender that is not svcd's child nor one of their descendants
lpid=$(pid_of lonely)
addr=$(tr '\0' '\n' <"/proc/$lpid/environ" | sed -n 's/^NOTIFY_SOCKET=//p')
[ -n "$addr" ] || fail "lonely has no NOTIFY_SOCKET"
case $addr in @*) ;; *) fail "NOTIFY_SOCKET is not abstract: $addr" ;; esac
$PY - "$addr" <<'EOF' &
import socket, sys
a = sys.argv[1]
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
for _ in range(200):   # a flood: one line in the log for all of it
    s.sendto(b"READY=1", "\0" + a[1:])
EOF
wait $!
wait_log "notify message from pid [0-9]+ \\(uid 0\\) ignored"
# systemd-notify's own messages (its BARRIER=1) were not taken for foreign
[ "$(count "ignored")" = 1 ] || fail "$(count "ignored") messages ignored, not only the foreign one"
# one socket, one queue: once lonely's mark is read, so is the flood
kill -USR1 "$lpid"
wait_until 10 sh -c "'$B/svcctl' -s 'unix://$SOCK' status lonely | grep -q 'waiting to be ready: marked'"
[ "$(count "success: lonely entered RUNNING")" = 0 ] || fail "a foreign READY=1 made lonely RUNNING"
grep -q "NOTIFY_SOCKET" "/proc/$(pid_of needs)/environ" && fail "a process without sdnotify was given NOTIFY_SOCKET"

out=$("$B/svcctl" -s "unix://$SOCK" status sdpy lonely fd3)
echo "$out" | grep -Eq '^sdpy +RUNNING +pid [0-9]+, uptime [0-9:]+, ready, serving$' \
	|| fail "sdpy's description: $out"
echo "$out" | grep -Eq '^lonely +STARTING +waiting to be ready: marked$' || fail "lonely's description: $out"
echo "$out" | grep -Eq '^fd3 +RUNNING +pid [0-9]+, uptime [0-9:]+, ready$' || fail "fd3's description: $out"

# MAINPID= from the main process: svcd follows the daemon's child
wait_log "'forker' gave MAINPID=[0-9]+: svcd follows it"
wait_log "'forker': pid [0-9]+ exited \\(exit status 0\\); its MAINPID [0-9]+ is its process now"
child=$(sed -n "s/.*'forker' gave MAINPID=\([0-9]*\).*/\1/p" "$LOG")
"$B/svcctl" -s "unix://$SOCK" status forker | grep -Eq "^forker +RUNNING +pid $child," \
	|| fail "forker is not RUNNING as pid $child: $("$B/svcctl" -s "unix://$SOCK" status forker)"
[ "$(count "exited: forker")" = 0 ] || fail "the exit of the first pid was taken for forker's"
kill -KILL "$child"
wait_log "exited: forker \\(terminated by SIGKILL; not expected\\)"
wait_log "spawned: 'forker'" 2

# a MAINPID that is not svcd's child when the main process exits (its
# parent is another process of the tree) is not followed
wait_log "'notmine' gave MAINPID=[0-9]+: svcd follows it"
wait_log "exited: notmine \\(exit status 0; expected\\)"
[ "$(count "'notmine': pid [0-9]+ exited")" = 0 ] || fail "svcd followed a pid that is not its child"

# the watchdog: one ping, then silence for more than 500 ms
wait_log "success: dog entered RUNNING state"
wait_log "unhealthy: dog \\(watchdog: no WATCHDOG=1 for 500ms\\)"
wait_log "spawned: 'dog'" 2
wait_log "success: dog entered RUNNING state" 2
stop_svcd
exit 0
