#!/bin/sh
# Logs to syslog, received by Debian's rsyslogd: svcd runs in a mount
# namespace of its own, where /dev is a folder of the test's holding the
# devices svcd needs and rsyslogd's socket, so the host's /dev is never
# touched. A child's stdout goes at daemon.info and its stderr at
# daemon.err, each line tagged with the child's name; svcd's own log
# (`logfile syslog`) is tagged svcd, at the priority of each line.
# shellcheck source=tests/cli/svcd-lib.inc
. "$(dirname "$0")/svcd-lib.inc"

if [ "$(id -u)" != 0 ]; then
	echo "SKIP: a mount namespace needs root"
	exit 0
fi
command -v rsyslogd >/dev/null || fail "rsyslogd is not installed (make deps)"
MSG=$T/messages

cat >"$T/rsyslog.conf" <<EOF
global(workDirectory="$T")
module(load="imuxsock" SysSock.Use="off")
input(type="imuxsock" Socket="/dev/log" CreatePath="off")
template(name="plain" type="string"
         string="%syslogfacility-text%.%syslogseverity-text% %syslogtag%%msg%\\n")
*.* action(type="omfile" file="$MSG" template="plain")
EOF

compile_raw s <<EOF
supervisor {
    logfile syslog;
    pidfile "$T/svcd.pid";
    childlogdir "$T";
    socket "$T/ctl.sock";
}
service web {
    command "/bin/sh -c 'echo out line; echo err line >&2; printf \\"two\\\\nlines\\\\n\\"; exec sleep 1000'";
    stdout syslog;
    stderr syslog;
}
service plain { command "/bin/sh -c 'echo to a file; exec sleep 1000'"; }
EOF

# In the namespace: the devices svcd and its children use, bound into the
# test's folder, which then stands for /dev; rsyslogd listens there.
mkdir "$T/dev"
cat >"$T/inside.sh" <<EOF
for d in null zero urandom random full; do
	touch "$T/dev/\$d" && mount --bind "/dev/\$d" "$T/dev/\$d" || exit 1
done
mount --bind "$T/dev" /dev || exit 1
rsyslogd -n -f "$T/rsyslog.conf" -i "$T/rsyslog.pid" >"$T/rsyslog.out" 2>&1 &
"$H/waitfor" -t 15 exists /dev/log || exit 1
exec "$B/svcd" -n -c "$T/s.svct"
EOF
unshare -m sh "$T/inside.sh" >"$T/svcd.out" 2>&1 &
SVCD_PID=$!

wait_line 15 "$MSG" '^daemon.info svcd: INFO spawned: .web. with pid [0-9]+$'
wait_line 15 "$MSG" '^daemon.info web: out line$'
wait_line 15 "$MSG" '^daemon.err web: err line$'
wait_line 15 "$MSG" '^daemon.info web: lines$'
grep -q '^daemon.info web: two$' "$MSG" || fail "a chunk of two lines is not two messages: $(cat "$MSG")"
wait_line 15 "$T/plain-stdout.log" '^to a file$'
grep -q 'to a file' "$MSG" && fail "a stream with a file went to syslog too"
[ -e /dev/log ] && [ ! -S /dev/log ] && fail "the host's /dev/log was touched"
[ -e "$T/svcd.log" ] && fail "svcd wrote a log file though its log is syslog"
# what getAllConfigInfo says of it, as supervisord says it
got=$(/usr/bin/python3 - "$T/ctl.sock" <<'EOF'
import sys, xmlrpc.client
from supervisor.xmlrpc import SupervisorTransport
t = SupervisorTransport(None, None, 'unix://' + sys.argv[1])
s = xmlrpc.client.ServerProxy('http://127.0.0.1', transport=t)
for c in s.supervisor.getAllConfigInfo():
    print(c['name'], c['stdout_logfile'], c['stdout_syslog'], c['stderr_syslog'])
EOF
)
[ "$got" = "plain $T/plain-stdout.log False False
web none True True" ] || fail "getAllConfigInfo: $got"
kill -TERM "$SVCD_PID"
wait_line 15 "$MSG" '^daemon.warning svcd: WARN stopped: web'
"$H/waitfor" -t 20 exit "$SVCD_PID" || fail "svcd did not exit after SIGTERM"
SVCD_PID=
echo "PASS: children's lines and svcd's log reach rsyslogd:"
cat "$MSG"
