#!/bin/sh
# A reload keeps what a listener pool holds: a listener busy with one event
# while others queue up gets, after a SIGHUP that adds a service, its
# answer taken for the event it held and then every queued event, in
# order, with serials from before the reload.
# shellcheck source=tests/cli/svcd-lib.inc
. "$(dirname "$0")/svcd-lib.inc"
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
    out.write('%s %s %s\n' % (h['serial'], h['eventname'], childutils.get_headers(payload).get('processname')))
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
    startsecs 0;
}
service a { command "/bin/sleep 1000"; startsecs 0; }
service b { command "/bin/sleep 1000"; startsecs 0; }
$1
EOF
}
table ''
start_svcd "$T/s.svct"
wait_line 15 "$T/seen.txt" 'RUNNING'
# now busy with its first event; the others wait in the pool
wait_log 'success: b entered RUNNING'
table 'service c { command "/bin/sleep 1000"; startsecs 0; }'
kill -HUP "$SVCD_PID"
wait_log 'success: c entered RUNNING'
echo go >"$T/go"
wait_line 15 "$T/seen.txt" ' c$'
[ "$(grep -c 'event was rejected\|UNKNOWN' "$LOG")" = 0 ] || fail "the held event's answer was lost"
for p in watch a b c; do
	grep -q "RUNNING $p\$" "$T/seen.txt" || fail "no RUNNING event of $p: $(cat "$T/seen.txt")"
done
sort -n -c "$T/seen.txt" 2>/dev/null || fail "the events are out of order: $(cat "$T/seen.txt")"
[ "$(wc -l <"$T/seen.txt")" = 4 ] || fail "events lost or sent twice: $(cat "$T/seen.txt")"
echo "PASS: the pool's events outlived the reload:"
cat "$T/seen.txt"
