#!/bin/sh
# Load: 100 services crash-looping to FATAL (four failed starts each; a
# long startsecs, so that even a slow exit counts as a failed start)
# while 3 listeners take every PROCESS_STATE event. Every listener must get every event, once and in
# order (each event has one serial for all pools: a listener's serials are
# 0, 1, 2... with no gap), no buffer overflows, and the crash loops go on.
# The pace is measured by `make bench` (docs/benchmarks.md), not here.
# shellcheck source=tests/cli/svcd-lib.inc
. "$(dirname "$0")/svcd-lib.inc"
/usr/bin/python3 -c "import supervisor.childutils" 2>/dev/null || fail "python3-supervisor is missing"
SOCK=$T/ctl.sock

cat >"$T/listener.py" <<'EOF'
import sys
from supervisor import childutils
out = open(sys.argv[1], 'a')
while True:
    h, payload = childutils.listener.wait(sys.stdin, sys.stdout)
    out.write('%s %s\n' % (h['serial'], h['eventname']))
    out.flush()
    childutils.listener.ok(sys.stdout)
EOF

{
	for l in 1 2 3; do
		cat <<EOF
listener l$l {
    command "/usr/bin/python3 $T/listener.py $T/seen$l.txt";
    events PROCESS_STATE REMOTE_COMMUNICATION;
    buffer 100000;
    startsecs 0;
}
EOF
	done
	echo 'service crash { command "/bin/false"; instances 100; startretries 3; startsecs 30s; autostart false; }'
} | compile s
start_svcd "$T/s.svct"
for l in 1 2 3; do wait_line 15 "$T/seen$l.txt" "RUNNING"; done

"$B/svcctl" -s "unix://$SOCK" start 'crash:*' >/dev/null 2>&1
wait_log "gave up: crash_[0-9]+ entered FATAL" 100 120
/usr/bin/python3 - "$SOCK" <<'EOF' || fail "sendRemoteCommEvent failed"
import sys, xmlrpc.client
from supervisor.xmlrpc import SupervisorTransport
t = SupervisorTransport(None, None, 'unix://' + sys.argv[1])
s = xmlrpc.client.ServerProxy('http://127.0.0.1', transport=t)
s.supervisor.sendRemoteCommEvent('end', '')
EOF
for l in 1 2 3; do
	"$H/waitfor" -t 60 log "$T/seen$l.txt" 'REMOTE_COMMUNICATION' ||
		fail "listener $l never got to the last event ($(wc -l <"$T/seen$l.txt") events)"
done
[ "$(count 'overflowed')" = 0 ] || fail "a buffer overflowed"
n=$(wc -l <"$T/seen1.txt")
for l in 1 2 3; do
	awk -v l="$l" '$1 != NR - 1 { print "listener " l ": serial " $1 " at event " NR; exit 1 }' \
		"$T/seen$l.txt" || fail "an event was lost or sent twice"
	cmp -s "$T/seen1.txt" "$T/seen$l.txt" || fail "listeners 1 and $l got different events"
done
spawns=$(count "spawned: 'crash_")
[ "$spawns" = 400 ] || fail "$spawns crash spawns, not 4 x 100"
# the listeners' own STARTING and RUNNING, 100 x (4 STARTING, 4 BACKOFF,
# FATAL), the remote event
[ "$n" = $((6 + 900 + 1)) ] || fail "$n events, not 907"
echo "PASS: $spawns crash spawns, $n events, each to 3 listeners, none lost"
