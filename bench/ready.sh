#!/bin/sh
# make bench, readiness: the time from a child's readiness (its newline on
# fd 3 for ready notify, its READY=1 datagram for ready sdnotify) to the
# first instruction of the process that waits for it (`after`), which
# bounds the time to svcd's RUNNING from above; then svcd's CPU while 100
# processes each have a `health http` every 1 s against one local server.
set -eu
build=${1:-build}
stamp=$build/tests/helpers/stamp
waitfor=$build/tests/helpers/waitfor
if [ ! -x "$build/svcd" ] || [ ! -x "$stamp" ]; then
	echo "bench/ready.sh: build svcd and the test helpers first" >&2
	exit 0
fi
runs=${BENCH_RUNS:-5}
reps=$((runs * 4))
tmp=$(mktemp -d "${TMPDIR:-/tmp}/svc-bench-ready.XXXXXX")
pid=
srv=
trap '[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null; [ -n "$srv" ] && kill -KILL "$srv" 2>/dev/null; rm -rf "$tmp"' EXIT
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

cat >"$tmp/sd.py" <<'EOF'
import os, socket, time
a = os.environ["NOTIFY_SOCKET"]
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
t = time.time_ns()
s.sendto(b"READY=1", "\0" + a[1:])
print(t, flush=True)
time.sleep(1000)
EOF

# one KIND: the µs from readiness to the dependant's start
once() {
	case $1 in
	notify) cmd="$stamp 3" ;;
	sdnotify) cmd="/usr/bin/python3 $tmp/sd.py" ;;
	esac
	cat >"$tmp/r.svc" <<EOF
supervisor { logfile "$tmp/main.log"; pidfile "$tmp/pid"; childlogdir "$tmp"; }
service a { command "$cmd"; ready $1; stdout "$tmp/a.out"; }
service b { command "$stamp"; after a; stdout "$tmp/b.out"; startsecs 0; autorestart false; }
EOF
	rm -f "$tmp"/a.out "$tmp"/b.out "$tmp"/main.log
	"$build/svcc" -o "$tmp/r.svct" "$tmp/r.svc" >/dev/null 2>&1
	"$build/svcd" -n -c "$tmp/r.svct" >/dev/null 2>&1 &
	pid=$!
	"$waitfor" -t 20 log "$tmp/main.log" "exited: b" 1 >/dev/null
	kill -TERM "$pid"
	wait "$pid" || true
	pid=
	echo "$(($(cat "$tmp/b.out") - $(cat "$tmp/a.out")))" | awk '{ printf "%.0f\n", $1 / 1000 }'
}

echo "## Readiness (bench/ready.sh)"
echo
echo "| readiness | ready to the dependant's first instruction, median of $reps |"
echo "|---|---:|"
for kind in notify sdnotify; do
	: >"$tmp/t"
	i=0
	while [ $i -lt "$reps" ]; do
		once "$kind" >>"$tmp/t"
		i=$((i + 1))
	done
	printf '| %s | %s µs |\n' "$kind" "$(median <"$tmp/t")"
done

# the same spawn after a SIGKILL (the restart path: reap, then spawn), to
# tell svcd's readiness work from the dependant's fork and exec
restart_once() {
	cat >"$tmp/r.svc" <<EOF
supervisor { logfile "$tmp/main.log"; pidfile "$tmp/pid"; childlogdir "$tmp"; }
service k { command "$stamp 1"; stdout "$tmp/k.out"; startsecs 0; }
EOF
	rm -f "$tmp"/k.out "$tmp"/main.log
	"$build/svcc" -o "$tmp/r.svct" "$tmp/r.svc" >/dev/null 2>&1
	"$build/svcd" -n -c "$tmp/r.svct" >/dev/null 2>&1 &
	pid=$!
	"$waitfor" -t 20 log "$tmp/main.log" "success: k entered RUNNING" 1 >/dev/null
	sleep 1.1 # past the one-spawn-a-second limit
	kpid=$(sed -n "s/.*spawned: 'k' with pid //p" "$tmp/main.log")
	t0=$(/usr/bin/python3 -c 'import os, sys, time; t = time.time_ns(); os.kill(int(sys.argv[1]), 9); print(t)' "$kpid")
	"$waitfor" -t 20 log "$tmp/k.out" '^[0-9]+$' 2 >/dev/null
	kill -TERM "$pid"
	wait "$pid" || true
	pid=
	echo "$(($(grep -E '^[0-9]+$' "$tmp/k.out" | sed -n 2p) - t0))" | awk '{ printf "%.0f\n", $1 / 1000 }'
}
: >"$tmp/t"
i=0
while [ $i -lt "$reps" ]; do
	restart_once >>"$tmp/t"
	i=$((i + 1))
done
printf '| for comparison: SIGKILL to the restarted child'\''s first instruction | %s µs |\n' "$(median <"$tmp/t")"

# 100 processes with a health check each, every 1 s, for 10 s
port=$((21000 + $$ % 500))
# every check of the 100 comes at the same moment: a backlog of 128
/usr/bin/python3 -c '
import http.server, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(204)
        self.end_headers()
    def log_message(self, *a):
        pass
class S(http.server.ThreadingHTTPServer):
    request_queue_size = 128
S(("127.0.0.1", int(sys.argv[1])), H).serve_forever()' "$port" >/dev/null 2>&1 &
srv=$!
/usr/bin/python3 -c '
import socket, sys, time
for _ in range(200):
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=1).close()
        break
    except OSError:
        time.sleep(0.05)' "$port"
cat >"$tmp/h.svc" <<EOF
supervisor { logfile "$tmp/main.log"; pidfile "$tmp/pid"; childlogdir "$tmp"; }
service h {
    command "/bin/sleep 1000";
    instances 100;
    startsecs 0;
    stdout none;
    stderr none;
    health http "http://127.0.0.1:$port/" { every 1s; timeout 500ms; }
}
EOF
rm -f "$tmp/main.log"
"$build/svcc" -o "$tmp/h.svct" "$tmp/h.svc" >/dev/null 2>&1
"$build/svcd" -n -c "$tmp/h.svct" >/dev/null 2>&1 &
pid=$!
"$waitfor" -t 20 log "$tmp/main.log" "success: h_99 entered RUNNING" 1 >/dev/null
sleep 2
hz=$(getconf CLK_TCK)
c0=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
sleep 10
c1=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
kill -TERM "$pid"
wait "$pid" || true
pid=
echo
echo "| health checks | svcd CPU per second |"
echo "|---|---:|"
printf '| 100 × health http every 1 s | %s ms |\n' "$(echo "$c0 $c1 $hz" | awk '{ printf "%.1f", ($2 - $1) * 1000 / $3 / 10 }')"
n=$(grep -c 'unhealthy:' "$tmp/main.log" || true)
[ "$n" = 0 ] || echo "(bench/ready.sh: $n checks found a process unhealthy: the figure is not a clean one)"
