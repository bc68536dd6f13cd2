#!/bin/sh
# A reload keeps what a listener pool holds: a listener busy with one event
# while its buffer (2) is full gets, after a SIGHUP that adds a service,
# its answer taken for the event it held, then the queued events in order
# with their serials, and the pool serials go on where they were. The
# reload itself discards nothing; the new service's event then overflows
# the full buffer once, as supervisord's rule has it.
# shellcheck source=tests/cli/svcd-lib.inc
. "$(dirname "$0")/svcd-lib.inc"
SOCK=$T/ctl.sock
/usr/bin/python3 -c "import supervisor.childutils" 2>/dev/null || fail "python3-supervisor is missing"

mkfifo "$T/go"
# Takes its first event, then waits until the test opens the fifo; then
# answers everything and records it.
cat >"$T/listener.py" <<'EOF'
import sys
from supervisor import childutils
out = open(sys.argv[1], 'a')
first = True
while True:
    h, payload = childutils.listener.wait(sys.stdin, sys.stdout)
    out.write('%s %s %s %s\n' % (h['serial'], h['poolserial'], h['eventname'],
                                childutils.get_headers(payload).get('processname')))
    out.flush()
    if first:
        open(sys.argv[2]).read()
        first = False
    childutils.listener.ok(sys.stdout)
EOF

table() {
	compile s <<EOF
listener watch {
    command "/usr/bin/python3 $T/listener.py $T/seen.txt $T/go";
    events PROCESS_STATE_RUNNING;
    buffer 2;
    startsecs 0;
}
service a { command "/bin/sleep 1000"; startsecs 0; autostart false; }
service b { command "/bin/sleep 1000"; startsecs 0; autostart false; }
$1
EOF
}
table ''
start_svcd "$T/s.svct"
wait_line 15 "$T/seen.txt" 'RUNNING'
# now busy with its first event; the next two fill its buffer
"$B/svcctl" -s "unix://$SOCK" start a b >/dev/null 2>&1
wait_log 'success: b entered RUNNING'
table 'service c { command "/bin/sleep 1000"; startsecs 0; }'
kill -HUP "$SVCD_PID"
wait_log 'success: c entered RUNNING'
timeout 15 sh -c 'echo go >"$1"' sh "$T/go" || fail "the listener never opened its fifo"
wait_line 15 "$T/seen.txt" ' c$'
[ "$(grep -c 'event was rejected\|UNKNOWN' "$LOG")" = 0 ] || fail "the held event's answer was lost"
[ "$(count 'overflowed')" = 1 ] && [ "$(count 'overflowed, discarding event 1$')" = 1 ] ||
	fail "the reload or the new event discarded the wrong events: $(grep overflowed "$LOG")"
[ "$(cat "$T/seen.txt")" = "0 0 PROCESS_STATE_RUNNING watch
2 2 PROCESS_STATE_RUNNING b
3 3 PROCESS_STATE_RUNNING c" ] || fail "events: $(cat "$T/seen.txt")"
echo "PASS: the pool's events outlived the reload:"
cat "$T/seen.txt"
