#!/bin/sh
# Event listeners side by side: one listener, written with Debian's
# supervisor.childutils (what superlance's crashmail and memmon are built
# on), runs under Debian's supervisord and under svcd with the same
# services. It records every event it is sent; both records must hold the
# same events with the same header and payload fields: group added,
# supervisor running, start, crash, backoff, FATAL, stop, a remote
# communication event and a TICK_5.
# shellcheck disable=SC1091 # the library sits beside this script
. "$(dirname "$0")/svcctl-lib.inc"
command -v supervisord >/dev/null || fail "supervisord is not installed (make deps)"
/usr/bin/python3 -c "import supervisor.childutils" 2>/dev/null || fail "python3-supervisor is missing"

# What it writes per event: the event name, then every header and payload
# key with its value, except the ones that differ by nature (pids, serials,
# the time of a tick, the server's name).
cat >"$T/listener.py" <<'EOF'
import sys
from supervisor import childutils

VARYING = {'pid', 'serial', 'poolserial', 'when', 'server', 'len'}

def fields(d):
    return ' '.join('%s=%s' % (k, '*' if k in VARYING else v) for k, v in sorted(d.items()))

out = open(sys.argv[1], 'a')
while True:
    headers, payload = childutils.listener.wait(sys.stdin, sys.stdout)
    name = headers['eventname']
    if name.startswith('PROCESS_LOG'):
        # how output is cut into reads is the kernel's: only the whole
        # of it is compared
        line, data = payload.split('\n', 1)
        ph = childutils.get_headers(line)
        with open(sys.argv[1] + '.log', 'a') as f:
            f.write(data)
        body = fields(ph)
    elif name.startswith(('REMOTE_', 'PROCESS_COMMUNICATION')):
        ph, data = childutils.eventdata(payload + '\n')
        body = fields(ph) + ' data=' + repr(data)
    else:
        body = fields(childutils.get_headers(payload))
    out.write('%s | %s | %s\n' % (name, fields(headers), body))
    out.flush()
    childutils.listener.ok(sys.stdout)
EOF

server_head >"$T/s.svc"
cat >>"$T/s.svc" <<EOF
listener watch {
    command "/usr/bin/python3 $T/listener.py \${env.SVC_TEST_ROOT}/events.txt";
    events PROCESS_STATE PROCESS_GROUP SUPERVISOR_STATE_CHANGE REMOTE_COMMUNICATION TICK_5
        PROCESS_LOG_STDOUT PROCESS_COMMUNICATION;
    buffer 50;
    stderr "\${env.SVC_TEST_ROOT}/watch.err";
}
service worker { command "/bin/sleep 1000"; startsecs 0; stopwait 5s; }
# A line, a line not in ASCII (its len is counted in characters, as
# Python's len() counts it, or the listener would read the wrong number)
# and a captured block, then a block written in two pieces:
# PROCESS_LOG events carry all the output but the tokens, as supervisord
# sends them, and each block is one PROCESS_COMMUNICATION event. (Output
# no longer than a token after a block waits for more, in both.)
service talk {
    command "/bin/sh -c 'printf \\"hello\\\\nh\\\\303\\\\251llo\\\\n<!--XSUPERVISOR:BEGIN-->secret<!--XSUPERVISOR:END-->\\"; printf \\"<!--XSUPERVISOR:BEGIN-->a\\"; printf \\"b<!--XSUPERVISOR:END-->bye, in a line longer than a token\\\\n\\"; exec sleep 1000'";
    startsecs 0;
    stdout auto { events true; capture 1KB; }
}
service crash { command "/bin/sh -c 'exit 3'"; startsecs 1s; startretries 1; }
EOF

start_server supervisord "$T/a"
start_server svcd "$T/b"
want='crash FATAL
talk RUNNING
watch RUNNING
worker RUNNING'
wait_states "$T/a" "$want"
wait_states "$T/b" "$want"

ctl() {
	SVC_TEST_ROOT=$1 supervisorctl -c "$1/supervisord.conf" "$2" "$3" >/dev/null 2>&1
}

remote() {
	/usr/bin/python3 - "$1/ctl.sock" <<'EOF' || fail "sendRemoteCommEvent failed on $1"
import sys, xmlrpc.client
from supervisor.xmlrpc import SupervisorTransport
t = SupervisorTransport(None, None, 'unix://' + sys.argv[1])
s = xmlrpc.client.ServerProxy('http://127.0.0.1', transport=t)
assert s.supervisor.sendRemoteCommEvent('alert', 'disk full') is True
for c in s.supervisor.getAllConfigInfo():
    print(c['name'], c['group'], c['stdout_capture_maxbytes'], c['stdout_events_enabled'],
          c['stderr_capture_maxbytes'], c['stderr_events_enabled'])
EOF
}

for d in "$T/a" "$T/b"; do
	ctl "$d" stop worker
	remote "$d" >"$d/config.txt"
done
cmp "$T/a/config.txt" "$T/b/config.txt" ||
	fail "getAllConfigInfo's capture and events differ: $(diff "$T/a/config.txt" "$T/b/config.txt")"
grep -q '^talk talk 1024 True 0 False$' "$T/b/config.txt" || fail "talk's config: $(cat "$T/b/config.txt")"
# The listener has seen everything once it has seen the remote event and
# a tick (one comes every five seconds).
for d in "$T/a" "$T/b"; do
	"$B/tests/helpers/waitfor" -t 30 log "$d/events.txt" '^REMOTE_COMMUNICATION' ||
		fail "no REMOTE_COMMUNICATION event in $d: $(cat "$d/events.txt" 2>&1)"
	"$B/tests/helpers/waitfor" -t 30 log "$d/events.txt.log" "bye" ||
		fail "no PROCESS_LOG event for the last line in $d: $(cat "$d/events.txt" 2>&1)"
	"$B/tests/helpers/waitfor" -t 30 log "$d/events.txt" '^TICK_5' ||
		fail "no TICK_5 event in $d: $(cat "$d/events.txt" 2>&1)"
done

# The order of events of different processes depends on timing, so each
# process's own sequence is compared, then the set of the others.
check() {
	label=$1 filter=$2
	grep -E "$filter" "$T/a/events.txt" | grep -v '^TICK_5' >"$T/ref.seq"
	grep -E "$filter" "$T/b/events.txt" | grep -v '^TICK_5' >"$T/got.seq"
	[ -s "$T/ref.seq" ] || fail "supervisord's listener saw no $label event"
	if ! cmp -s "$T/ref.seq" "$T/got.seq"; then
		diff "$T/ref.seq" "$T/got.seq"
		fail "the $label events differ (supervisord < > svcd)"
	fi
}
check crash 'processname=crash( |$)'
check worker 'processname=worker( |$)'
check watch 'processname=watch( |$)'
check group '^PROCESS_GROUP'
check supervisor '^SUPERVISOR_STATE'
check remote '^REMOTE'
check talk '^PROCESS_STATE.*processname=talk( |$)'
check talk-comm '^PROCESS_COMMUNICATION.*processname=talk( |$)'
grep -q "^PROCESS_COMMUNICATION_STDOUT .*data='ab\\\\n'" "$T/b/events.txt" ||
	fail "no PROCESS_COMMUNICATION event with the block written in two pieces"
cmp "$T/a/events.txt.log" "$T/b/events.txt.log" || fail "the PROCESS_LOG data differ"
[ "$(cat "$T/b/events.txt.log")" = "hello
héllo
secretabbye, in a line longer than a token" ] || fail "PROCESS_LOG data: $(cat "$T/b/events.txt.log")"
grep -q hello "$T/b/talk-stdout.log" || fail "talk's log lacks its output: $(cat "$T/b/talk-stdout.log")"
grep -q secret "$T/b/talk-stdout.log" && fail "a captured block went to the log"
for d in "$T/a" "$T/b"; do
	grep -m1 '^TICK_5' "$d/events.txt" | sed 's/ | .* | / | /' >>"$T/ticks"
done
[ "$(sort -u "$T/ticks" | wc -l)" = 1 ] || fail "the TICK_5 events differ: $(cat "$T/ticks")"

# The crash's sequence is supervisord's, whatever supervisord does: check
# it against the rule too, so that a change in both would be seen.
grep -E 'processname=crash( |$)' "$T/b/events.txt" | cut -d' ' -f1 | tr '\n' ' ' >"$T/crash.names"
[ "$(cat "$T/crash.names")" = "PROCESS_STATE_STARTING PROCESS_STATE_BACKOFF PROCESS_STATE_STARTING PROCESS_STATE_BACKOFF PROCESS_STATE_FATAL " ] ||
	fail "crash events: $(cat "$T/crash.names")"
grep -q 'PROCESS_STATE_BACKOFF .*from_state=STARTING .*tries=2' "$T/b/events.txt" ||
	fail "the second BACKOFF does not say tries=2"
echo "PASS: the same events under supervisord and svcd; svcd's listener saw:"
sed "s#$T#T#g" "$T/b/events.txt"
