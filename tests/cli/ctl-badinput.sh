#!/bin/sh
# Hostile and broken requests on svcd's control socket: each gets a proper
# HTTP error or XML-RPC fault, a stalled client delays nobody, pipelined
# requests are all answered, and svcd keeps supervising throughout.
# shellcheck source=tests/cli/svcd-lib.inc
. "$(dirname "$0")/svcd-lib.inc"

SOCK=$T/ctl.sock
compile_raw bad <<EOT
supervisor {
    logfile "$LOG";
    pidfile "$T/svcd.pid";
    childlogdir "$T";
    socket "$SOCK";
}
service web {
    command "/bin/sleep 1000";
    startsecs 0s;
}
service slow {
    command "/bin/sleep 1000";
    startsecs 1s;
    autostart false;
}
EOT
start_svcd "$T/bad.svct"
wait_log "spawned: 'web'"

# raw REQUEST: sends the bytes (printf escapes) on the socket, prints the
# status line and, with BODY=1, the whole response.
raw() {
	python3 - "$SOCK" "$1" "${2:-0}" <<'EOP'
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.settimeout(10)
s.connect(sys.argv[1])
s.sendall(sys.argv[2].encode().decode('unicode_escape').encode('latin-1'))
data = b''
try:
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
except socket.timeout:
    pass
text = data.decode('latin-1')
print(text if sys.argv[3] == '1' else text.split('\r\n', 1)[0])
EOP
}

# call BODY: POSTs an XML-RPC body, prints the response body.
call() {
	curl -s -m 10 --unix-socket "$SOCK" -H 'Content-Type: text/xml' --data-binary "$1" \
		http://localhost/RPC2
}

status_is() { # WANT REQUEST
	got=$(raw "$2")
	[ "$got" = "$1" ] || fail "expected '$1' for $2, got '$got'"
	checks=$((checks + 1))
}

fault_is() { # CODE BODY
	got=$(call "$2")
	echo "$got" | tr -d '\n' | grep -q "<name>faultCode</name><value><int>$1</int>" \
		|| fail "expected fault $1 for $2, got: $got"
	checks=$((checks + 1))
}

alive_and_well() {
	alive "$SVCD_PID" || fail "svcd died"
	call '<methodCall><methodName>supervisor.getVersion</methodName></methodCall>' \
		| grep -q '<string>3.0</string>' || fail "svcd no longer answers"
}

checks=0
# malformed HTTP
status_is 'HTTP/1.1 400 Bad Request' 'GARBAGE\r\n\r\n'
status_is 'HTTP/1.1 400 Bad Request' 'POST RPC2 HTTP/1.1\r\n\r\n'
status_is 'HTTP/1.1 505 HTTP Version Not Supported' 'GET / HTTP/2.0\r\n\r\n'
status_is 'HTTP/1.1 400 Bad Request' 'POST /RPC2 HTTP/1.1\r\nContent-Length: abc\r\n\r\n'
status_is 'HTTP/1.1 501 Not Implemented' 'POST /RPC2 HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'
status_is 'HTTP/1.1 405 Method Not Allowed' 'GET /RPC2 HTTP/1.1\r\n\r\n'
status_is 'HTTP/1.1 404 Not Found' 'GET /nothing/here HTTP/1.1\r\nConnection: close\r\n\r\n'
status_is 'HTTP/1.1 404 Not Found' 'GET /logtail/nosuch HTTP/1.1\r\nConnection: close\r\n\r\n'
status_is 'HTTP/1.1 400 Bad Request' 'POST /logtail/web HTTP/1.1\r\n\r\n'
# framing two parsers could read differently is refused, never guessed at
long=$(head -c 100 /dev/zero | tr '\0' 1)
# (each would be a good GET of the panel if the bad header were ignored)
status_is 'HTTP/1.1 400 Bad Request' "GET / HTTP/1.1\\r\\nContent-Length: $long\\r\\n\\r\\n"
status_is 'HTTP/1.1 400 Bad Request' 'GET / HTTP/1.1\r\nContent-Length: 0\r\nContent-Length: 5\r\n\r\nhello'
status_is 'HTTP/1.1 400 Bad Request' 'GET / HTTP/1.1\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n'
status_is 'HTTP/1.1 400 Bad Request' 'POST /RPC2 HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n'
status_is 'HTTP/1.1 400 Bad Request' "GET / HTTP/1.1\\r\\nConnection: close$long\\r\\n\\r\\n"
auth=$(head -c 700 /dev/zero | tr '\0' A)
status_is 'HTTP/1.1 400 Bad Request' "GET / HTTP/1.1\\r\\nAuthorization: Basic $auth\\r\\n\\r\\n"
status_is 'HTTP/1.1 400 Bad Request' 'GET / HTTP/1.x\r\n\r\n'
status_is 'HTTP/1.1 400 Bad Request' 'GET / HTTP/1.1\r\nX-A: 1\r\n folded: on\r\n\r\n'
status_is 'HTTP/1.1 400 Bad Request' 'GET / HTTP/1.1\r\nno colon here\r\n\r\n'
alive_and_well

# oversized: a header block past 8 KiB, a body past 64 KiB
big=$(head -c 9000 /dev/zero | tr '\0' a)
status_is 'HTTP/1.1 431 Request Header Fields Too Large' "GET / HTTP/1.1\\r\\nX-Big: $big\\r\\n\\r\\n"
status_is 'HTTP/1.1 413 Payload Too Large' 'POST /RPC2 HTTP/1.1\r\nContent-Length: 100000000\r\n\r\n'
alive_and_well

# malformed XML and XML-RPC
for body in '<methodCall><methodName>x' 'not xml at all' \
	'<methodCall><params></params></methodCall>' \
	'<methodResponse><params/></methodResponse>' \
	'<methodCall><methodName>supervisor.getPID</methodName><params><param><value><int>12x</int></value></param></params></methodCall>' \
	'<methodCall><methodName>a</methodName><params><param><value><bogus/></value></param></params></methodCall>' \
	'<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><methodCall><methodName>&b;</methodName></methodCall>'; do
	got=$(curl -s -o /dev/null -w '%{http_code}' -m 10 --unix-socket "$SOCK" --data-binary "$body" http://localhost/RPC2)
	[ "$got" = 400 ] || fail "expected 400 for '$body', got $got"
	checks=$((checks + 1))
done
deep=$(python3 -c 'print("<methodCall><methodName>system.listMethods</methodName><params><param><value>" + "<array><data><value>" * 100 + "</value></data></array>" * 100 + "</value></param></params></methodCall>")')
got=$(curl -s -o /dev/null -w '%{http_code}' -m 10 --unix-socket "$SOCK" --data-binary "$deep" http://localhost/RPC2)
[ "$got" = 400 ] || fail "expected 400 for values nested 100 deep, got $got"
checks=$((checks + 1))
alive_and_well

# unknown methods, the CVE-2017-11610 forms, wrong arguments
fault_is 1 '<methodCall><methodName>supervisor.noSuchMethod</methodName></methodCall>'
fault_is 1 '<methodCall><methodName>supervisor.getVersion.__class__</methodName></methodCall>'
fault_is 1 '<methodCall><methodName>supervisor._update</methodName></methodCall>'
fault_is 1 '<methodCall><methodName>getVersion</methodName></methodCall>'
fault_is 2 '<methodCall><methodName>supervisor.getVersion</methodName><params><param><value><int>1</int></value></param></params></methodCall>'
fault_is 2 '<methodCall><methodName>supervisor.startProcess</methodName></methodCall>'
fault_is 2 '<methodCall><methodName>supervisor.startProcess</methodName><params><param><value><int>7</int></value></param></params></methodCall>'
fault_is 2 '<methodCall><methodName>supervisor.readLog</methodName><params><param><value>a</value></param><param><value>b</value></param></params></methodCall>'
fault_is 2 '<methodCall><methodName>system.multicall</methodName><params><param><value><string>x</string></value></param></params></methodCall>'
fault_is 3 '<methodCall><methodName>supervisor.readLog</methodName><params><param><value><int>-5</int></value></param><param><value><int>5</int></value></param></params></methodCall>'
fault_is 10 '<methodCall><methodName>supervisor.getProcessInfo</methodName><params><param><value>nosuch</value></param></params></methodCall>'
fault_is 10 '<methodCall><methodName>supervisor.getProcessInfo</methodName><params><param><value>web:*</value></param></params></methodCall>'
fault_is 11 '<methodCall><methodName>supervisor.signalProcess</methodName><params><param><value>web</value></param><param><value>BOGUS</value></param></params></methodCall>'
fault_is 60 '<methodCall><methodName>supervisor.startProcess</methodName><params><param><value>web</value></param></params></methodCall>'
# a multicall carries faults as structs, and refuses to nest
got=$(call '<methodCall><methodName>system.multicall</methodName><params><param><value><array><data>
<value><struct><member><name>methodName</name><value>supervisor.getVersion</value></member></struct></value>
<value><struct><member><name>methodName</name><value>supervisor.getProcessInfo</value></member><member><name>params</name><value><array><data><value>zzz</value></data></array></value></member></struct></value>
<value><struct><member><name>methodName</name><value>system.multicall</value></member><member><name>params</name><value><array><data><value><array><data/></array></value></data></array></value></member></struct></value>
</data></array></value></param></params></methodCall>' | tr -d '\n')
echo "$got" | grep -q '<value><string>3.0</string></value><value><struct><member><name>faultCode</name><value><int>10</int></value></member><member><name>faultString</name><value><string>BAD_NAME: zzz</string>' \
	|| fail "multicall: $got"
echo "$got" | grep -q '<int>2</int>' || fail "nested multicall not refused: $got"
checks=$((checks + 1))
alive_and_well

# pipelining: two requests in one write, two answers in order
got=$(raw 'POST /RPC2 HTTP/1.1\r\nContent-Length: 71\r\n\r\n<methodCall><methodName>supervisor.getVersion</methodName></methodCall>POST /RPC2 HTTP/1.1\r\nContent-Length: 78\r\nConnection: close\r\n\r\n<methodCall><methodName>supervisor.getIdentification</methodName></methodCall>' 1)
echo "$got" | grep -c '^HTTP/1.1 200 OK' | grep -qx 2 || fail "pipelined: $got"
echo "$got" | tr -d '\r\n' | grep -q '3.0.*supervisor' || fail "pipelined answers out of order: $got"
checks=$((checks + 1))

# pipelined behind a request that waits (slow is STARTING for a second):
# the second request is taken once the first is answered, from the loop
start='<methodCall><methodName>supervisor.startProcess</methodName><params><param><value>slow</value></param></params></methodCall>'
got=$(raw "POST /RPC2 HTTP/1.1\\r\\nContent-Length: ${#start}\\r\\n\\r\\n${start}POST /RPC2 HTTP/1.1\\r\\nContent-Length: 78\\r\\nConnection: close\\r\\n\\r\\n<methodCall><methodName>supervisor.getIdentification</methodName></methodCall>" 1)
echo "$got" | grep -c '^HTTP/1.1 200 OK' | grep -qx 2 || fail "pipelined behind a wait: $got"
echo "$got" | tr -d '\r\n' | grep -q '<boolean>1</boolean>.*supervisor' \
	|| fail "pipelined behind a wait, out of order: $got"
supervisorctl -s "unix://$SOCK" status slow | grep -q RUNNING || fail "slow is not RUNNING"
checks=$((checks + 1))

# a client that stalls mid-request holds only its own connection
python3 - "$SOCK" "$T/stall.sent" <<'EOP' &
import socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.sendall(b'POST /RPC2 HTTP/1.1\r\nContent-Length: 500\r\n\r\n<methodCall>')
open(sys.argv[2], 'w').write('sent\n')
# the stall itself: the client holds its half-sent request until killed
time.sleep(600)
EOP
stall=$!
wait_line 10 "$T/stall.sent" sent
# another client is answered while the stalled one still holds its request
alive_and_well
alive "$stall" || fail "the stalled client is gone: the test proves nothing"
checks=$((checks + 1))
kill $stall 2>/dev/null
wait $stall 2>/dev/null

# offsets and lengths at the ends of the 64-bit range: their sums must not
# overflow (the sanitizer build stops svcd on the first signed overflow)
for args in '9223372036854775807 10' '10 9223372036854775807' '9223372036854775807 9223372036854775807' \
	'-9223372036854775808 0' '-9223372036854775807 0'; do
	set -- $args
	for m in tailProcessStdoutLog readProcessStdoutLog; do
		call "<methodCall><methodName>supervisor.$m</methodName><params><param><value><string>web</string></value></param><param><value><i8>$1</i8></value></param><param><value><i8>$2</i8></value></param></params></methodCall>" >/dev/null
		alive_and_well
		checks=$((checks + 1))
	done
done

# supervision went on: web is still the same running process
supervisorctl -s "unix://$SOCK" status web | grep -q RUNNING || fail "web is not RUNNING"
[ "$(count "spawned: 'web'")" = 1 ] || fail "web was respawned"
stop_svcd
echo "ctl-badinput: $checks checks passed"
exit 0
