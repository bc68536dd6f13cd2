#!/bin/sh
# svcd killed with SIGKILL and started again with the same table: the stale
# pidfile is taken over, and the children of the killed svcd, still running
# in their own process groups, are not silently doubled: a program bound to
# a port fails in its second copy, backs off and gives up, while the first
# copy keeps the port. svcd does not adopt them (supervisord does not
# either); once svcd reports them, the report is checked too.
# shellcheck source=tests/cli/svcd-lib.inc
. "$(dirname "$0")/svcd-lib.inc"

# shellcheck source=tests/cli/port.inc
. "$(dirname "$0")/port.inc"
take_ports
port=$PORT
cat >"$T/bind.py" <<EOT
import socket, sys, time
s = socket.socket()
try:
    s.bind(("127.0.0.1", $port))
except OSError as e:
    print("bind: %s" % e, flush=True)
    sys.exit(1)
s.listen(1)
print("listening on $port", flush=True)
while True:
    time.sleep(1000)
EOT
compile crash <<EOT
service web {
    command "/usr/bin/python3 $T/bind.py";
    startsecs 1s;
    startretries 1;
    stdout "$T/web.log";
    stderr stdout;
}
service idle {
    command "/bin/sleep 1000";
    startsecs 0s;
}
EOT
start_svcd "$T/crash.svct"
wait_log "success: web entered RUNNING"
wait_log "success: idle entered RUNNING"
old=$SVCD_PID
web=$(pid_of web)
idle=$(pid_of idle)
kill -KILL "$old"
wait "$old" 2>/dev/null
wait_exit 10 $old
alive "$web" || fail "web died with svcd"
alive "$idle" || fail "idle died with svcd"
[ "$(ps -o pgid= -p "$web" | tr -d ' ')" = "$web" ] || fail "web is not in its own process group"
[ "$(cat "$T/svcd.pid")" = "$old" ] || fail "the killed svcd's pidfile is not there"

# a new svcd over the stale pidfile
"$B/svcd" -n -c "$T/crash.svct" >"$T/svcd.out" 2>&1 &
SVCD_PID=$!
wait_log 'svcd started with pid' 2 10
wait_until 5 sh -c "[ \"\$(cat '$T/svcd.pid' 2>/dev/null)\" = $SVCD_PID ]"
# the second web cannot bind: it fails, backs off, and gives up
wait_log "gave up: web entered FATAL state" 1 20
[ "$(count "exited: web \(exit status 1; not expected\)")" -ge 2 ] \
	|| fail "the second web did not fail as it should"
grep -q "bind: .*Address already in use" "$T/web.log" || fail "web.log: $(cat "$T/web.log")"
alive "$web" || fail "the first web is gone"
n=$(pgrep -cf "python3 $T/bind.py")
[ "$n" = 1 ] || fail "$n copies of web run"
# leftovers of the killed svcd are named, when this svcd looks for them
if grep -q "left running by a previous svcd" "$B/svcd"; then
	wait_log "found 'web' \(pid $web\) left running by a previous svcd" 1 5
	wait_log "found 'idle' \(pid $idle\) left running by a previous svcd" 1 5
fi
stop_svcd
# the orphans are ours to clean up (the trap does it too)
kill "$web" "$idle" 2>/dev/null
exit 0
