#!/bin/sh
# Load: 100 concurrent clients (each on its own connection, keep-alive)
# ask for getAllProcessInfo over and over while 20 processes crash-loop.
# Every request must be answered, and the crash-loopers must keep being
# respawned at their normal pace (once a second each) meanwhile.
# shellcheck source=tests/cli/svcd-lib.inc
. "$(dirname "$0")/svcd-lib.inc"

SOCK=$T/ctl.sock
compile_raw load <<EOT
supervisor {
    logfile "$LOG";
    pidfile "$T/svcd.pid";
    childlogdir "$T";
    socket "$SOCK";
}
service crash {
    command "/bin/sh -c 'sleep 0.1; exit 1'";
    instances 20;
    name "crash_\${index}";
    startsecs 0s;
    autorestart true;
    stdout none;
    stderr none;
}
EOT
start_svcd "$T/load.svct"
wait_log "spawned: 'crash_19'"
before=$(count "spawned: 'crash_")
t0=$(now_ms)
python3 - "$SOCK" >"$T/load.out" 2>&1 <<'EOP'
import socket, sys, threading, time
SOCK, CLIENTS, EACH = sys.argv[1], 100, 30
body = b"<?xml version='1.0'?><methodCall><methodName>supervisor.getAllProcessInfo</methodName><params></params></methodCall>"
req = b"POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body)
ok, bad, lat = [0], [], []
lock = threading.Lock()
start = threading.Barrier(CLIENTS)

def response(s, buf):
    while b"\r\n\r\n" not in buf:
        chunk = s.recv(65536)
        if not chunk:
            raise EOFError("closed")
        buf += chunk
    head, rest = buf.split(b"\r\n\r\n", 1)
    length = int([l for l in head.split(b"\r\n") if l.lower().startswith(b"content-length:")][0].split(b":")[1])
    while len(rest) < length:
        chunk = s.recv(65536)
        if not chunk:
            raise EOFError("closed mid-body")
        rest += chunk
    return head, rest[:length], rest[length:]

def client():
    s = socket.socket(socket.AF_UNIX)
    s.settimeout(30)
    s.connect(SOCK)
    start.wait()
    buf = b""
    for _ in range(EACH):
        t = time.monotonic()
        try:
            s.sendall(req)
            head, data, buf = response(s, buf)
        except Exception as e:
            with lock:
                bad.append(repr(e))
            return
        with lock:
            lat.append(time.monotonic() - t)
            if head.startswith(b"HTTP/1.1 200") and data.count(b"<name>statename</name>") == 20:
                ok[0] += 1
            else:
                bad.append(head[:40])

threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
for t in threads: t.start()
for t in threads: t.join()
lat.sort()
print("answered", ok[0], "of", CLIENTS * EACH)
print("p50_ms %.1f p99_ms %.1f" % (lat[len(lat)//2] * 1000, lat[int(len(lat)*0.99)] * 1000))
for b in bad[:5]: print("bad", b)
sys.exit(0 if ok[0] == CLIENTS * EACH else 1)
EOP
rc=$?
t1=$(now_ms)
cat "$T/load.out"
[ $rc = 0 ] || fail "not every request was answered"
# keep loading for at least 5 s of crash-looping, then count the respawns
while [ $(( $(now_ms) - t0 )) -lt 5000 ]; do
	supervisorctl -s "unix://$SOCK" status >/dev/null
done
t1=$(now_ms)
after=$(count "spawned: 'crash_")
secs=$(( (t1 - t0) / 1000 ))
# each process respawns once a second; half that pace is the tolerance
want=$(( 20 * secs / 2 ))
[ $((after - before)) -ge $want ] || fail "only $((after - before)) respawns in ${secs}s under load (want >= $want)"
echo "respawns under load: $((after - before)) in ${secs}s (>= $want)"
alive "$SVCD_PID" || fail "svcd died"
stop_svcd
echo "ctl-load: passed"
exit 0
