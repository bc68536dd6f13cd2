#!/bin/sh
# make bench, event listeners: 100 services fail four starts each and go
# FATAL (backoff 1 s, 2 s, 3 s) while 0 or 3 listeners written with
# supervisor.childutils take every PROCESS_STATE event; under svcd, then
# under Debian's supervisord with the same 3 listeners. Prints how long the
# crash loops took (first spawn to last FATAL: the backoff alone is 6 s),
# the supervisor's CPU time, and the events each listener got.
set -eu
build=${1:-build}
waitfor=$build/tests/helpers/waitfor
if [ ! -x "$build/svcd" ] || [ ! -x "$waitfor" ]; then
	echo "bench/listeners.sh: build svcd and the test helpers first" >&2
	exit 0
fi
/usr/bin/python3 -c 'import supervisor.childutils' 2>/dev/null || { echo "bench/listeners.sh: no python3-supervisor" >&2; exit 0; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/svc-bench-lsn.XXXXXX")
pid=
trap '[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null; pkill -KILL -f "$tmp/listener.py" 2>/dev/null; rm -rf "$tmp"' EXIT
hz=$(getconf CLK_TCK)

cat >"$tmp/listener.py" <<'EOF'
import sys
from supervisor import childutils
out = open(sys.argv[1], 'a')
while True:
    h, payload = childutils.listener.wait(sys.stdin, sys.stdout)
    out.write(h['eventname'] + '\n')
    out.flush()
    childutils.listener.ok(sys.stdout)
EOF

# svc NLISTENERS: the .svc text
svc() {
	cat <<EOF
supervisor { logfile "$tmp/main.log"; pidfile "$tmp/pid"; childlogdir "$tmp"; socket "$tmp/sock"; }
service crash { command "/bin/false"; instances 100; startretries 3; startsecs 30s; }
EOF
	l=0
	while [ $l -lt "$1" ]; do
		l=$((l + 1))
		printf 'listener l%d { command "/usr/bin/python3 %s/listener.py %s/seen%d"; events PROCESS_STATE; buffer 10000; startsecs 0; }\n' \
			"$l" "$tmp" "$tmp" "$l"
	done
}

# ms of a log line's time (YYYY-MM-DD HH:MM:SS,mmm)
ms_of() {
	d=$(echo "$1" | cut -c1-19) f=$(echo "$1" | cut -c21-23)
	echo "$(date -d "$d" +%s) $f" | awk '{ printf "%.0f\n", $1 * 1000 + $2 }'
}

# run KIND NLISTENERS: prints "| row |"
run() {
	rm -f "$tmp"/main.log "$tmp"/seen* "$tmp"/sock
	svc "$2" >"$tmp/s.svc"
	if [ "$1" = svcd ]; then
		"$build/svcc" -o "$tmp/s.svct" "$tmp/s.svc" 2>/dev/null
		"$build/svcd" -n -c "$tmp/s.svct" >/dev/null 2>&1 &
	else
		"$build/svcc" --emit ini -O "$tmp" "$tmp/s.svc" 2>/dev/null
		supervisord -n -c "$tmp/supervisord.conf" >/dev/null 2>&1 &
	fi
	pid=$!
	"$waitfor" -t 120 log "$tmp/main.log" 'gave up: crash_[0-9]+ entered FATAL' 100 || true
	if [ "$2" -gt 0 ]; then
		"$waitfor" -t 60 log "$tmp/seen$2" 'FATAL' 100 >/dev/null 2>&1 || true
	fi
	cpu=$(awk -v hz="$hz" '{ printf "%d", ($14 + $15) * 1000 / hz }' "/proc/$pid/stat")
	first=$(grep -m1 "spawned: 'crash" "$tmp/main.log")
	last=$(grep "gave up: crash" "$tmp/main.log" | tail -n1)
	secs=$(echo "$(ms_of "$first") $(ms_of "$last")" | awk '{ printf "%.2f", ($2 - $1) / 1000 }')
	events=-
	[ "$2" -gt 0 ] && events=$(wc -l <"$tmp/seen1")
	kill -TERM "$pid"
	"$waitfor" -t 30 exit "$pid" >/dev/null 2>&1 || kill -KILL "$pid"
	wait "$pid" 2>/dev/null || true
	pid=
	printf '| %s | %s | %s s | %s ms | %s |\n' "$1" "$2" "$secs" "$cpu" "$events"
}

echo "## Event listeners under load"
echo
echo "| supervisor | listeners | 100 crash loops to FATAL | supervisor CPU | events per listener |"
echo "|---|---:|---:|---:|---:|"
run svcd 0
run svcd 3
command -v supervisord >/dev/null && run supervisord 3
