#!/bin/sh
# sendProcessStdin side by side under Debian's supervisord and svcd,
# called through supervisor's own XML-RPC client: what is sent reaches the
# child's stdin, and the faults for an unknown name, a group name and a
# stopped process are the same.
# shellcheck disable=SC1091 # the library sits beside this script
. "$(dirname "$0")/svcctl-lib.inc"
command -v supervisord >/dev/null || fail "supervisord is not installed (make deps)"

server_head >"$T/s.svc"
cat >>"$T/s.svc" <<'EOF'
service echo { command "/bin/sh -c 'exec cat >${env.SVC_TEST_ROOT}/got.txt'"; startsecs 0; }
service idle { command "/bin/sleep 1000"; autostart false; }
EOF

start_server supervisord "$T/a"
start_server svcd "$T/b"
want='echo RUNNING
idle STOPPED'
wait_states "$T/a" "$want"
wait_states "$T/b" "$want"

for d in "$T/a" "$T/b"; do
	/usr/bin/python3 - "$d/ctl.sock" >"$d/calls.txt" 2>&1 <<'EOF' || fail "the calls failed on $d: $(cat "$d/calls.txt")"
import sys, xmlrpc.client
from supervisor.xmlrpc import SupervisorTransport
t = SupervisorTransport(None, None, 'unix://' + sys.argv[1])
s = xmlrpc.client.ServerProxy('http://127.0.0.1', transport=t)
print(s.supervisor.sendProcessStdin('echo', 'hello\n'))
print(s.supervisor.sendProcessStdin('echo', 'w\u00f6rld\n'))
for name in ('nosuch', 'idle', 'echo:', ''):
    try:
        s.supervisor.sendProcessStdin(name, 'x')
    except xmlrpc.client.Fault as f:
        print(f.faultCode, f.faultString)
EOF
	"$B/tests/helpers/waitfor" -t 10 log "$d/got.txt" 'rld$' ||
		fail "the child did not read what was sent in $d: $(cat "$d/got.txt" 2>&1)"
done
cmp "$T/a/got.txt" "$T/b/got.txt" || fail "the children read different text"
if ! cmp -s "$T/a/calls.txt" "$T/b/calls.txt"; then
	diff "$T/a/calls.txt" "$T/b/calls.txt"
	fail "the replies differ (supervisord < > svcd)"
fi
[ "$(head -1 "$T/b/calls.txt")" = True ] || fail "sendProcessStdin did not return True"
echo "PASS: sendProcessStdin as supervisord does it:"
cat "$T/b/calls.txt"
