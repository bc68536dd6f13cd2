#!/bin/sh
# XML-RPC answers side by side, Debian's supervisord against svcd, through
# supervisor's own client: listMethods, every methodSignature (one flat
# list each) and the @param and @return lines of every methodHelp, the
# results of a group start with a failing and a missing
# command (descriptions "SPAWN_ERROR: name", "NO_FILE: ..."), a
# group stop, and getAllConfigInfo's command (quoted as in the INI) and
# serverurl.
# shellcheck disable=SC1091 # the library sits beside this script
. "$(dirname "$0")/svcctl-lib.inc"
command -v supervisord >/dev/null || fail "supervisord is not installed (make deps)"

server_head >"$T/s.svc"
cat >>"$T/s.svc" <<'EOF'
service web { command "/bin/sh -c 'exec sleep 1000'"; startsecs 0; }
service quick { command "/bin/false"; startsecs 30s; startretries 0; autostart false; }
service nofile { command "/nonexistent/x 'a b'"; autostart false; }
group g { services web quick nofile; }
EOF

start_server supervisord "$T/a"
start_server svcd "$T/b"
want='g:nofile STOPPED
g:quick STOPPED
g:web RUNNING'
wait_states "$T/a" "$want"
wait_states "$T/b" "$want"

for d in "$T/a" "$T/b"; do
	/usr/bin/python3 - "$d/ctl.sock" >"$d/rpc.txt" 2>&1 <<'EOF' || fail "the calls failed on $d: $(cat "$d/rpc.txt")"
import sys, xmlrpc.client
from supervisor.xmlrpc import SupervisorTransport
t = SupervisorTransport(None, None, 'unix://' + sys.argv[1])
s = xmlrpc.client.ServerProxy('http://127.0.0.1', transport=t)
methods = s.system.listMethods()
print(len(methods), methods)
for m in methods:
    print(m, s.system.methodSignature(m))
    # the help's @param TYPE NAME and @return TYPE lines (the prose differs)
    tags = [l.split() for l in s.system.methodHelp(m).splitlines() if l.strip().startswith('@')]
    print(m, [t[:3] if t[0] == '@param' else t[:2] for t in tags])
def results(rs):
    return sorted((r['name'], r['group'], r['status'], r['description']) for r in rs)
print('start', results(s.supervisor.startProcessGroup('g')))
for c in sorted(s.supervisor.getAllConfigInfo(), key=lambda c: c['name']):
    print(c['name'], repr(c['command']), c['serverurl'])
print('stop', results(s.supervisor.stopProcessGroup('g')))
EOF
done
if ! cmp -s "$T/a/rpc.txt" "$T/b/rpc.txt"; then
	diff "$T/a/rpc.txt" "$T/b/rpc.txt"
	fail "the answers differ (supervisord < > svcd)"
fi
grep -q "SPAWN_ERROR: g:quick" "$T/b/rpc.txt" || fail "no SPAWN_ERROR description: $(cat "$T/b/rpc.txt")"
echo "PASS: the same XML-RPC answers"
grep -v '^supervisor\.\|^system\.' "$T/b/rpc.txt"
