#!/bin/sh
# svcctl's shell on a terminal (a pty): tab completes a verb and a process
# name, the up arrow brings the last line back, and the history is kept in
# the [supervisorctl] history_file for the next shell, which reads it.
# shellcheck source=tests/cli/svcd-lib.inc
. "$(dirname "$0")/svcd-lib.inc"
SOCK=$T/ctl.sock
compile s <<'EOF'
service web { command "/bin/sleep 1000"; startsecs 0; }
service worker { command "/bin/sleep 1000"; startsecs 0; instances 2; }
EOF
start_svcd "$T/s.svct"
wait_log "success: worker_1 entered RUNNING"
cat >"$T/ctl.conf" <<EOF
[supervisorctl]
serverurl=unix://$SOCK
history_file=$T/history
EOF

# drive.py: runs svcctl on a pty, types, and waits (with a deadline) for
# what the terminal must show; exits 1 on a timeout, with what it saw.
cat >"$T/drive.py" <<'EOF'
import os, pty, select, sys, time
argv, steps = sys.argv[1:4], sys.argv[4:]
pid, fd = pty.fork()
if pid == 0:
    os.execv(argv[0], argv)
seen = b''
def expect(text, secs=10):
    global seen
    end = time.monotonic() + secs
    while text.encode() not in seen:
        left = end - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            sys.stdout.write(seen.decode(errors='replace'))
            sys.exit('timed out waiting for %r' % text)
        try:
            seen += os.read(fd, 4096)
        except OSError:
            break
    seen = seen[seen.index(text.encode()) + len(text):]
for i in range(0, len(steps), 2):
    os.write(fd, steps[i].encode().decode('unicode_escape').encode())
    expect(steps[i + 1])
end = time.monotonic() + 10
while os.waitpid(pid, os.WNOHANG) == (0, 0):
    if time.monotonic() > end:
        sys.exit('svcctl did not end')
    if select.select([fd], [], [], 1)[0]:
        try:
            os.read(fd, 4096)
        except OSError:
            pass
EOF
drive() {
	/usr/bin/python3 "$T/drive.py" "$B/svcctl" -c "$T/ctl.conf" "$@" >"$T/drive.out" 2>&1 ||
		fail "the shell did not answer: $(cat "$T/drive.out")"
}
# "stat<TAB>" completes to the one verb and "we<TAB>" to the one name:
# typed as they are, "stat we" would be an unknown verb, not a status line;
# two TABs after "worker:worker_" list the group's two names
drive '' 'supervisor> ' 'stat\twe\t\n' 'RUNNING' '' 'supervisor> ' \
	'pi\tworker:worker_\t\t' 'worker:worker_1' '\x15\x04' ''
# libedit's own format: blanks written as \040
grep -q 'status.040web' "$T/history" || fail "no history in $T/history: $(cat "$T/history" 2>&1)"
# a new shell reads it: the up arrow gives the last line again
drive '' 'supervisor> ' '\x1b[A' 'status web' '\n' 'RUNNING' '' 'supervisor> ' 'quit\n' ''
# fed by a pipe, the shell reads plain lines and keeps no history
: >"$T/history"
printf 'status web\n' | "$B/svcctl" -c "$T/ctl.conf" >"$T/pipe.out" 2>&1
grep -q 'web  *RUNNING' "$T/pipe.out" || fail "piped shell: $(cat "$T/pipe.out")"
[ -s "$T/history" ] && fail "a piped shell wrote history"
echo "PASS: completion, history and plain piped input"
