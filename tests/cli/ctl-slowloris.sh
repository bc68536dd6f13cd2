#!/bin/sh
# 300 TCP clients that drip their requests a byte a second (slowloris),
# with no credentials, must not lock anyone out: while they hold on, a
# request on the unix socket and one on TCP from another address are both
# answered (200, not 503); the drippers are cut off once their request is
# overdue, and supervision never waited.
# shellcheck source=tests/cli/svcd-lib.inc
. "$(dirname "$0")/svcd-lib.inc"
# shellcheck source=tests/cli/port.inc
. "$(dirname "$0")/port.inc"
take_ports

SOCK=$T/ctl.sock
sha=$(printf '%s' 's3cret' | sha1sum | cut -d' ' -f1)
compile_raw slow <<EOT
supervisor {
    logfile "$LOG";
    pidfile "$T/svcd.pid";
    childlogdir "$T";
    socket "$SOCK";
    listen "127.0.0.1:$PORT";
    auth { username "admin"; password "{SHA}$sha"; }
}
service web {
    command "/bin/sleep 1000";
    startsecs 0s;
}
EOT
start_svcd "$T/slow.svct"
wait_log "success: web entered RUNNING"

# The attack, from 127.0.0.2: writes 'ready N' once N connections are
# open, then 'closed K' each time the server has cut off K of them.
python3 - "$PORT" "$T/attack" <<'EOP' &
import select, socket, sys, time
port, report = int(sys.argv[1]), sys.argv[2]
def say(line):
    with open(report, 'a') as f:
        f.write(line + '\n')
socks = []
for i in range(300):
    s = socket.socket()
    s.bind(('127.0.0.2', 0))
    try:
        s.connect(('127.0.0.1', port))
        s.sendall(b'GET / HTTP/1.1\r\n')
        s.setblocking(False)
        socks.append(s)
    except OSError:
        s.close()
say('ready %d' % len(socks))
closed = 0
live = list(socks)
while live:
    for s in list(live):
        try:
            s.send(b'X')
        except OSError:
            live.remove(s)
            closed += 1
            continue
        try:
            if s.recv(4096) == b'':
                live.remove(s)
                closed += 1
        except BlockingIOError:
            pass
        except OSError:
            live.remove(s)
            closed += 1
    say('closed %d' % closed)
    time.sleep(1)   # the drip itself: one byte a second on each
EOP
attacker=$!
wait_line 30 "$T/attack" '^ready'

call() { # call CURL-ARGS...: the status of a getVersion call
	curl -s -o /dev/null -w '%{http_code}' -m 10 -u admin:s3cret --data-binary \
		'<methodCall><methodName>supervisor.getVersion</methodName></methodCall>' "$@"
}
got=$(call --unix-socket "$SOCK" http://localhost/RPC2)
[ "$got" = 200 ] || { kill $attacker; fail "unix socket during the attack: $got"; }
got=$(call --interface 127.0.0.1 "http://127.0.0.1:$PORT/RPC2")
[ "$got" = 200 ] || { kill $attacker; fail "TCP from another address during the attack: $got"; }
alive "$attacker" || fail "the attacker is gone: the test proves nothing"

# the drippers are cut off once overdue (10 s after they connected)
wait_line 60 "$T/attack" "^closed $(sed -n 's/^ready //p' "$T/attack")\$"
kill $attacker 2>/dev/null
wait $attacker 2>/dev/null
[ "$(count "spawned: 'web'")" = 1 ] || fail "web was respawned"
stop_svcd
exit 0
