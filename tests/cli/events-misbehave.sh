#!/bin/sh
# Listeners that misbehave, under Debian's supervisord and under svcd side
# by side: one answers FAIL (the event is sent again, with the same
# serial, and "event was rejected" is logged), one never answers (its
# pool's buffer overflows: "event buffer overflowed, discarding event"),
# one dies holding an event (it is sent again to the next listener up).
# Supervision goes on meanwhile: the crash-looping service reaches FATAL.
# shellcheck disable=SC1091 # the library sits beside this script
. "$(dirname "$0")/svcctl-lib.inc"
command -v supervisord >/dev/null || fail "supervisord is not installed (make deps)"
/usr/bin/python3 -c "import supervisor.childutils" 2>/dev/null || fail "python3-supervisor is missing"

# listener.py MODE FILE: records "eventname serial" of each event; fail:
# answers FAIL to the first event and OK after; hang: never answers; die:
# exits on its first event of its first life (FILE.died marks it).
cat >"$T/listener.py" <<'EOF'
import os, sys
from supervisor import childutils
mode, path = sys.argv[1], sys.argv[2]
out = open(path, 'a')
n = 0
while True:
    h, payload = childutils.listener.wait(sys.stdin, sys.stdout)
    out.write('%s %s %s\n' % (h['eventname'], h['serial'], payload.split()[0]))
    out.flush()
    n += 1
    if mode == 'hang':
        sys.stdin.read()
    if mode == 'die' and not os.path.exists(path + '.died'):
        open(path + '.died', 'w').close()
        os._exit(1)
    if mode == 'fail' and n == 1:
        childutils.listener.fail(sys.stdout)
    else:
        childutils.listener.ok(sys.stdout)
EOF

server_head 'loglevel debug;' >"$T/s.svc"
cat >>"$T/s.svc" <<EOF
listener failing {
    command "/usr/bin/python3 $T/listener.py fail \${env.SVC_TEST_ROOT}/fail.txt";
    events PROCESS_STATE_FATAL;
}
listener hanging {
    command "/usr/bin/python3 $T/listener.py hang \${env.SVC_TEST_ROOT}/hang.txt";
    events PROCESS_STATE;
    buffer 2;
}
listener dying {
    command "/usr/bin/python3 $T/listener.py die \${env.SVC_TEST_ROOT}/die.txt";
    events PROCESS_STATE_FATAL;
    startsecs 0;
}
service crash { command "/bin/sh -c 'exit 3'"; startsecs 1s; startretries 2; }
EOF

start_server supervisord "$T/a"
start_server svcd "$T/b"
for d in "$T/a" "$T/b"; do
	# FAIL: the FATAL event comes twice with one serial, then it is done
	"$B/tests/helpers/waitfor" -t 30 log "$d/fail.txt" '^PROCESS_STATE_FATAL' 2 ||
		fail "the rejected event was not sent again in $d: $(cat "$d/fail.txt" 2>&1)"
	[ "$(head -2 "$d/fail.txt" | cut -d' ' -f2 | sort -u | wc -l)" = 1 ] ||
		fail "the event sent again has another serial in $d: $(cat "$d/fail.txt")"
	"$B/tests/helpers/waitfor" -t 10 log "$d/supervisord.log" 'failing: event was rejected' ||
		fail "no 'event was rejected' in $d"
	# never answering: the buffer of 2 overflows as the events come
	"$B/tests/helpers/waitfor" -t 30 log "$d/supervisord.log" \
		'pool hanging event buffer overflowed, discarding event [0-9]+' ||
		fail "no overflow line in $d"
	# dying mid-event: the event goes to its next life
	"$B/tests/helpers/waitfor" -t 30 exists "$d/die.txt.died" || fail "the dying listener never died in $d"
	"$B/tests/helpers/waitfor" -t 30 log "$d/die.txt" 'FATAL' 2 ||
		fail "the event of the dead listener was not sent again in $d: $(cat "$d/die.txt")"
	[ "$(cut -d' ' -f2 "$d/die.txt" | sort -u | wc -l)" = 1 ] ||
		fail "the event sent again after the death has another serial in $d"
done
for line in 'failing: BUSY -> ACKNOWLEDGED' 'hanging: ACKNOWLEDGED -> READY' \
	'rebuffering event [0-9]+ for pool failing' "DEBG 'failing' stdout output:"; do
	for d in "$T/a" "$T/b"; do
		grep -Eq "$line" "$d/supervisord.log" || fail "no '$line' in $d's log"
	done
done
echo "PASS: rejected, unanswered and orphaned events as supervisord handles them"
