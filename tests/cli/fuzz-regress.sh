#!/bin/sh
# Replays the fuzzing regression corpora: every input under
# tests/fuzz/regress/compile goes through `svcc --check`, every table under
# tests/fuzz/regress/table through `svcc --dump`; each must finish within
# 10 s with exit status 0 or 1 and no sanitizer report (the suite also runs
# this under the ASan+UBSan build, where a report is what would show a bug).
# Then the inputs under regress/http (raw requests) and regress/xmlrpc
# (bodies, posted to /RPC2) are sent to a running svcd over its unix
# socket: after each, svcd must still be alive and answer `status`.
# shellcheck source=tests/cli/svcd-lib.inc
. "$(dirname "$0")/svcd-lib.inc"
svcc=$B/svcc
tmp=$T
here=$(dirname "$0")/../fuzz/regress
# an odd exit code keeps a sanitizer's abort apart from svcc's own 1
ASAN_OPTIONS=exitcode=86:detect_leaks=1
UBSAN_OPTIONS=exitcode=87:print_stacktrace=1:halt_on_error=1
export ASAN_OPTIONS UBSAN_OPTIONS NO_COLOR=1
bad=0 inputs=0

# run FILE ARGS...: svcc ARGS FILE, judged.
run() {
	f=$1
	shift
	inputs=$((inputs + 1))
	timeout 10 "$svcc" "$@" "$f" >"$tmp/out" 2>"$tmp/err"
	status=$?
	case $status in
	0|1) ;;
	124) echo "FAIL $f: svcc $* took over 10 s"; bad=1; return ;;
	*) echo "FAIL $f: svcc $* exited with status $status"; bad=1 ;;
	esac
	if grep -qE 'Sanitizer|runtime error:' "$tmp/err"; then
		echo "FAIL $f: sanitizer report:"
		head -n 40 "$tmp/err"
		bad=1
	fi
}

for f in "$here"/compile/*; do
	[ -f "$f" ] && run "$f" --check --no-host-checks
done
for f in "$here"/table/*; do
	[ -f "$f" ] && run "$f" --dump
done

# ---- the control socket ----

SOCK=$T/ctl.sock
compile_raw ctl <<EOT
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
EOT
start_svcd "$T/ctl.svct"
wait_log "spawned: 'web'"

# send FILE [rpc]: the bytes of FILE on a new connection (with rpc, as the
# body of a POST to /RPC2), the write side closed, the answer read until
# svcd closes or 10 s pass.
send() {
	python3 - "$SOCK" "$1" "${2:-}" <<'EOP'
import socket, sys
data = open(sys.argv[2], 'rb').read()
if sys.argv[3] == 'rpc':
    data = (b'POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\n'
            b'Content-Length: %d\r\n\r\n' % len(data)) + data
s = socket.socket(socket.AF_UNIX)
s.settimeout(10)
s.connect(sys.argv[1])
try:
    s.sendall(data)
    s.shutdown(socket.SHUT_WR)
    while s.recv(65536):
        pass
except OSError:
    pass
EOP
}

# replay FILE [rpc]: send, then svcd must be alive and report web RUNNING.
replay() {
	inputs=$((inputs + 1))
	send "$@"
	if ! alive "$SVCD_PID"; then
		echo "FAIL $1: svcd died"
		cat "$T/svcd.out"
		exit 1
	fi
	if ! timeout 10 "$B/svcctl" -s "unix://$SOCK" status >"$tmp/status" 2>&1 \
	   || ! grep -qE '^web +RUNNING' "$tmp/status"; then
		echo "FAIL $1: no status from svcd afterwards:"
		cat "$tmp/status"
		bad=1
	fi
}

for f in "$here"/http/*; do
	[ -f "$f" ] && replay "$f"
done
for f in "$here"/xmlrpc/*; do
	[ -f "$f" ] && replay "$f" rpc
done
stop_svcd
if grep -qE 'Sanitizer|runtime error:' "$T/svcd.out"; then
	echo "FAIL: sanitizer report from svcd:"
	head -n 40 "$T/svcd.out"
	bad=1
fi
[ "$inputs" -gt 0 ] || { echo "FAIL: no regression input found under $here"; exit 1; }
echo "fuzz-regress: $inputs inputs replayed"
exit $bad
