#!/bin/sh
# A multicall whose results do not all fit: each call that cannot be
# answered is a fault of its own (supervisord's shape), never an empty
# value. 200 reads of 1 MB of a log through Debian's own XML-RPC client
# (supervisor.xmlrpc over the unix socket): every result is the 1 MB read
# or a fault, and the first ones are real reads.
# shellcheck source=tests/cli/svcd-lib.inc
. "$(dirname "$0")/svcd-lib.inc"

SOCK=$T/ctl.sock
compile mc <<EOT
service big {
    command "$H/writebytes 1500000";
    startsecs 0s;
    stdout "$T/big.log" { maxbytes 0; }
}
service slow {
    command "/bin/sleep 1000";
    startsecs 1s;
    autostart false;
}
service other {
    command "/bin/sleep 1000";
    startsecs 0s;
    autostart false;
}
EOT
start_svcd "$T/mc.svct"
wait_log "success: big entered RUNNING"
wait_until 30 sh -c "[ \$(stat -c %s '$T/big.log' 2>/dev/null || echo 0) -ge 1500000 ]"

/usr/bin/python3 - "$SOCK" <<'EOP' || fail "the multicall's results are not all real"
import sys, xmlrpc.client
from supervisor.xmlrpc import SupervisorTransport
proxy = xmlrpc.client.ServerProxy('http://127.0.0.1',
                                  transport=SupervisorTransport(None, None, 'unix://' + sys.argv[1]))
# supervisord's multicall returns each result as it is, not wrapped in a
# list as xmlrpc.client.MultiCall expects: read the list itself
calls = [{'methodName': 'supervisor.readProcessStdoutLog', 'params': ['big', 0, 1000000]}] * 200
real = faults = other = 0
first_fault = None
for v in proxy.system.multicall(calls):
    if isinstance(v, dict) and 'faultCode' in v:
        faults += 1
        first_fault = first_fault or (v['faultCode'], v['faultString'])
    elif isinstance(v, str) and len(v) == 1000000:
        real += 1
    else:
        other += 1
print('real %d, faults %d, other %d, first fault %s' % (real, faults, other, first_fault))
sys.exit(0 if other == 0 and real >= 10 and real + faults == 200 else 1)
EOP
# a multicall that waits (slow takes a second to be RUNNING) and then
# runs a group call: once resumed it still answers with its own list
/usr/bin/python3 - "$SOCK" <<'EOP' || fail "a resumed multicall answered with another list"
import sys, xmlrpc.client
from supervisor.xmlrpc import SupervisorTransport
proxy = xmlrpc.client.ServerProxy('http://127.0.0.1',
                                  transport=SupervisorTransport(None, None, 'unix://' + sys.argv[1]))
got = proxy.system.multicall([
    {'methodName': 'supervisor.startProcess', 'params': ['slow', True]},
    {'methodName': 'supervisor.startProcessGroup', 'params': ['other', False]}])
print(got)
ok = (len(got) == 2 and got[0] is True and isinstance(got[1], list)
      and got[1][0]['name'] == 'other' and got[1][0]['status'] == 80)
sys.exit(0 if ok else 1)
EOP
# one multicall re-reads a table with more processes than before, adds
# their group and waits for them: the waits are sized for them first
{
	cat "$T/mc.svc"
	printf 'service g%d { command "/bin/sleep 1000"; startsecs 0s; autostart false; }\n' 1 2 3 4 5 6
	printf 'group g { services g1 g2 g3 g4 g5 g6; }\n'
} >"$T/more.svc"
"$B/svcc" "$T/more.svc" -o "$T/mc.svct" >/dev/null 2>&1 || fail "svcc more.svc"
/usr/bin/python3 - "$SOCK" <<'EOP' || fail "a multicall that adds a group and waits for it went wrong"
import sys, xmlrpc.client
from supervisor.xmlrpc import SupervisorTransport
proxy = xmlrpc.client.ServerProxy('http://127.0.0.1',
                                  transport=SupervisorTransport(None, None, 'unix://' + sys.argv[1]))
got = proxy.system.multicall([
    {'methodName': 'supervisor.reloadConfig', 'params': []},
    {'methodName': 'supervisor.addProcessGroup', 'params': ['g']},
    {'methodName': 'supervisor.startProcessGroup', 'params': ['g', True]}])
print(got)
started = got[2]
ok = (got[0] == [[['g'], [], []]] and got[1] is True and len(started) == 6
      and all(r['status'] == 80 for r in started))
states = {p['name']: p['statename'] for p in proxy.supervisor.getAllProcessInfo()}
sys.exit(0 if ok and all(states['g%d' % i] == 'RUNNING' for i in range(1, 7)) else 1)
EOP
alive "$SVCD_PID" || fail "svcd died"
stop_svcd
exit 0
