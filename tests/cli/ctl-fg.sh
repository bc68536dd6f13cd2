#!/bin/sh
# `fg` forwards what is typed to the process's stdin (sendProcessStdin)
# and shows its output: Debian's supervisorctl against supervisord, and
# svcctl against svcd, each on a pty. The child answers "got: LINE", so
# the line seen came back through the child, not through the terminal's
# echo.
# shellcheck disable=SC1091 # the library sits beside this script
. "$(dirname "$0")/svcctl-lib.inc"
command -v supervisord >/dev/null || fail "supervisord is not installed (make deps)"

server_head >"$T/s.svc"
cat >>"$T/s.svc" <<'EOF'
service echo { command "/bin/sed -u \"s/^/got: /\""; startsecs 0; }
EOF
start_server supervisord "$T/a"
start_server svcd "$T/b"
wait_states "$T/a" 'echo RUNNING'
wait_states "$T/b" 'echo RUNNING'

# fg.py CLIENT INI: types a line into `fg echo` on a pty and waits (with a
# deadline) for the child's answer, then Ctrl-C; svcctl must then end
# within the deadline (supervisorctl's reader thread takes 30 s to notice:
# it is killed).
cat >"$T/fg.py" <<'EOF'
import os, pty, select, sys, time
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], [sys.argv[1], '-c', sys.argv[2], 'fg', 'echo'])
seen = b''
def expect(text, secs=15):
    global seen
    end = time.monotonic() + secs
    while text.encode() not in seen:
        left = end - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            sys.exit('timed out waiting for %r; saw %r' % (text, seen))
        seen += os.read(fd, 4096)
expect('Press Ctrl-C to exit')
os.write(fd, b'ping\n')
expect('got: ping')
os.write(fd, b'\x03')
if 'supervisorctl' in sys.argv[1]:
    os.kill(pid, 9)
end = time.monotonic() + 15
while os.waitpid(pid, os.WNOHANG) == (0, 0):
    if time.monotonic() > end:
        sys.exit('fg did not end after Ctrl-C')
    # its output, or its end (the pty reads EIO then)
    if select.select([fd], [], [], 1)[0]:
        try:
            os.read(fd, 4096)
        except OSError:
            pass
print('ok')
EOF
SVC_TEST_ROOT=$T/a /usr/bin/python3 "$T/fg.py" /usr/bin/supervisorctl "$T/a/supervisord.conf" ||
	fail "supervisorctl fg against supervisord"
SVC_TEST_ROOT=$T/b /usr/bin/python3 "$T/fg.py" "$SVCCTL" "$T/b/supervisord.conf" ||
	fail "svcctl fg against svcd"
SVC_TEST_ROOT=$T/b /usr/bin/python3 "$T/fg.py" /usr/bin/supervisorctl "$T/b/supervisord.conf" ||
	fail "supervisorctl fg against svcd"
echo "PASS: fg forwards typed lines through the child's stdin"
