#!/bin/sh
# Large replies are streamed (a status or the configuration of more than
# 64 processes, a log read of more than 64 KiB): chunked for HTTP/1.1 with the connection kept
# for the next request, ended by the close for HTTP/1.0, and read by
# Debian's own XML-RPC client as the same values a whole reply gives. A
# multi-byte character cut between two pieces arrives whole.
# shellcheck source=tests/cli/svcd-lib.inc
. "$(dirname "$0")/svcd-lib.inc"

SOCK=$T/ctl.sock
# 300 KiB of 'é' (two bytes each) after one 'x', so that pieces of the
# read fall inside characters
printf 'x' >"$T/text"
/usr/bin/python3 -c "import sys; sys.stdout.write('é' * 150000 + 'end\n')" >>"$T/text"
{
	cat <<EOT
service talker {
    command "/bin/sh -c 'cat $T/text; exec sleep 1000'";
    startsecs 0s;
    stdout "$T/talker.log" { maxbytes 0; }
}
EOT
	i=0
	while [ $i -lt 80 ]; do
		printf 'service s%02d { command "/bin/sleep 1000"; startsecs 0s; }\n' $i
		i=$((i + 1))
	done
} | compile stream
start_svcd "$T/stream.svct"
size=$(stat -c %s "$T/text")
wait_until 30 sh -c "[ \$(stat -c %s '$T/talker.log' 2>/dev/null || echo 0) -ge $size ]"
wait_log "spawned: 's79'"

/usr/bin/python3 - "$SOCK" "$T/text" <<'EOP' || fail "a streamed reply is wrong"
import http.client, socket, sys, xmlrpc.client
from supervisor.xmlrpc import SupervisorTransport

sock, textfile = sys.argv[1], sys.argv[2]
text = open(textfile, encoding='utf-8').read()

class Unix(http.client.HTTPConnection):
    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX)
        self.sock.settimeout(30)
        self.sock.connect(sock)

def post(conn, method, *params):
    body = xmlrpc.client.dumps(params, method)
    conn.request('POST', '/RPC2', body, {'Content-Type': 'text/xml'})
    r = conn.getresponse()
    data = r.read()
    return r, xmlrpc.client.loads(data)[0][0]

proxy = xmlrpc.client.ServerProxy('http://127.0.0.1',
                                  transport=SupervisorTransport(None, None, 'unix://' + sock))
# getAllConfigInfo streamed is what a multicall (which builds it whole) gives
conf = proxy.supervisor.getAllConfigInfo()
whole = proxy.system.multicall([{'methodName': 'supervisor.getAllConfigInfo', 'params': []}])[0]
assert len(conf) == 81 and conf == whole, (len(conf), len(whole))
assert [c['name'] for c in conf] == sorted(c['name'] for c in conf)
info = proxy.supervisor.getAllProcessInfo()
assert len(info) == 81, len(info)
assert [p['name'] for p in info[:2]] == ['s00', 's01'], [p['name'] for p in info[:2]]
assert all(p['statename'] == 'RUNNING' for p in info), info

# one keep-alive connection: a streamed status, a streamed read, a small
# reply, all in turn
conn = Unix('localhost')
r, v = post(conn, 'supervisor.getAllProcessInfo')
assert r.getheader('Transfer-Encoding') == 'chunked', r.getheaders()
assert len(v) == 81
r, v = post(conn, 'supervisor.readProcessStdoutLog', 'talker', 0, 400000)
assert r.getheader('Transfer-Encoding') == 'chunked'
assert v == text, (len(v), len(text), v.count('\ufffd'))
r, v = post(conn, 'supervisor.tailProcessStdoutLog', 'talker', 0, 100000)
assert r.getheader('Transfer-Encoding') == 'chunked'
data, offset, overflow = v
assert offset == len(text.encode()) and overflow is True, (offset, overflow)
assert text.encode().endswith(data.encode()), 'the tail is not the end of the log'
r, v = post(conn, 'supervisor.getAllConfigInfo')
assert r.getheader('Transfer-Encoding') == 'chunked' and len(v) == 81
r, v = post(conn, 'supervisor.getAPIVersion')
assert r.getheader('Content-Length') and v == '3.0'

# through Debian's client too: the same value as the file
assert proxy.supervisor.readProcessStdoutLog('talker', 1, 300000) == text[1:].encode()[:300000].decode()

# HTTP/1.0: no chunks, the body ends with the connection
s = socket.socket(socket.AF_UNIX)
s.settimeout(30)
s.connect(sock)
body = xmlrpc.client.dumps((), 'supervisor.getAllProcessInfo').encode()
s.sendall(b'POST /RPC2 HTTP/1.0\r\nContent-Length: %d\r\n\r\n' % len(body) + body)
got = b''
while True:
    chunk = s.recv(65536)
    if not chunk:
        break
    got += chunk
head, _, rest = got.partition(b'\r\n\r\n')
assert b'chunked' not in head.lower() and b'Connection: close' in head, head
assert len(xmlrpc.client.loads(rest)[0][0]) == 81

# pipelined behind streamed replies, in one write: each request behind a
# stream is answered once it ends, without another client to wake svcd
s = socket.socket(socket.AF_UNIX)
s.settimeout(5)
s.connect(sock)
reqs = b''
for method, params in [('supervisor.readProcessStdoutLog', ('talker', 0, 200000)),
                       ('supervisor.getAllProcessInfo', ()),
                       ('supervisor.getPID', ())]:
    body = xmlrpc.client.dumps(params, method).encode()
    reqs += b'POST /RPC2 HTTP/1.1\r\nContent-Length: %d\r\n\r\n' % len(body) + body
s.sendall(reqs)

class Kept:
    # one buffered reader for all three responses, which must not close it
    def __init__(self, f):
        self.f = f
    def makefile(self, mode):
        return self
    def __getattr__(self, name):
        return getattr(self.f, name)
    def close(self):
        pass

shared = Kept(s.makefile('rb'))
answers = []
for _ in range(3):
    r = http.client.HTTPResponse(shared, method='POST')
    r.begin()
    answers.append(xmlrpc.client.loads(r.read())[0][0])
# 200000 bytes end inside a character: the last one is U+FFFD
assert answers[0][:-1] == text[:len(answers[0]) - 1] and answers[0][-1] == '\ufffd', len(answers[0])
assert len(answers[1]) == 81 and isinstance(answers[2], int), answers[2]
print('ok')
EOP
alive "$SVCD_PID" || fail "svcd is gone"
stop_svcd
exit 0
