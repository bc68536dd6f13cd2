#!/bin/sh
# svcctl against Debian's supervisord: two supervisord instances run the
# same services; supervisorctl drives one and svcctl the other through the
# same sequence of commands, and each step must print the same lines and
# exit with the same status. SVCCTL_SERVER=svcd runs the same sequence with
# two svcd instances instead (supervisorctl against one, svcctl the other).
# shellcheck disable=SC1091 # the library sits beside this script
. "$(dirname "$0")/svcctl-lib.inc"
SERVER=${SVCCTL_SERVER:-supervisord}
command -v supervisord >/dev/null || fail "supervisord is not installed (make deps)"
[ "$SERVER" = svcd ] && [ ! -x "$B/svcd" ] && fail "no svcd in $B"

cat >"$T/s.svc" <<'EOF'
supervisor {
    logfile "${env.SVC_TEST_ROOT}/supervisord.log";
    pidfile "${env.SVC_TEST_ROOT}/supervisord.pid";
    childlogdir "${env.SVC_TEST_ROOT}";
    socket "${env.SVC_TEST_ROOT}/ctl.sock";
    auth { username "tester"; password "{SHA}e5e9fa1ba31ecd1ae84f75caaa474f3a663f05f4"; }
}
defaults { startsecs 0; stopwait 2s; }
service web { command "/bin/sleep 1000"; }
service worker { command "/bin/sleep 1000"; instances 2; name "worker_${index}"; }
group tier { services worker; }
service manual { command "/bin/sleep 1000"; autostart false; }
# Lives long enough to be RUNNING whenever a start with wait looks at it.
service oneshot { command "/bin/sh -c 'exec sleep 3'"; autorestart false; }
service fail { command "/bin/false"; startsecs 1s; startretries 0; }
service chatty {
    command "/bin/sh -c 'echo line one; echo line two; echo oops >&2; exec sleep 1000'";
}
EOF

# The clients read the credentials from the INI, where a hash will not do.
# shellcheck disable=SC2034 # read by plain_password in the library
PLAIN_PASSWORD=secret
start_server "$SERVER" "$T/a"
start_server "$SERVER" "$T/b"
want='chatty RUNNING
fail FATAL
manual STOPPED
oneshot EXITED
tier:worker_0 RUNNING
tier:worker_1 RUNNING
web RUNNING'
wait_states "$T/a" "$want"
wait_states "$T/b" "$want"

# Reading
compare status
compare status web
compare status tier:*
compare status tier:
compare status nosuch
compare status nosuch:*
compare status web nosuch tier:worker_1 tier:nosuch
compare status all
compare pid web
compare pid nosuch
compare pid manual
compare pid all
compare avail
compare version
compare tail chatty
compare tail -8 chatty
compare tail chatty stderr
compare tail chatty STDERR
compare tail chatty bogus
compare tail nosuch
compare tail -x chatty
compare tail -f
compare -t 3 tail -f chatty
compare -t 3 tail -f chatty stderr
compare -t 3 tail -f nosuch
# the main logs differ (times, pids): the banner, and no error
compare -t 3 -f 'sed -n 1p' maintail -f
compare tail
compare tail a b c d
compare maintail -x
compare maintail a
compare maintail -1 -2

# Start and stop
compare start manual
compare start manual
compare start nosuch
compare start nosuch:*
compare start
compare start fail
compare stop manual
compare stop manual
compare stop nosuch
compare stop nosuch:*
compare stop
compare -f sort stop tier:*
compare status tier:*
compare -f sort start tier:*
compare restart web
compare restart tier:worker_1 manual
compare restart
compare stop manual

# Signals
compare signal HUP web
compare signal BOGUS web
compare signal HUP manual
compare -f sort signal 18 tier:*
compare signal HUP nosuch:*
compare signal HUP
compare signal HUP nosuch

# Logs
compare clear chatty
compare clear nosuch
compare -f sort clear tier:*
compare tail chatty
compare clear
compare -f sort clear all

# Groups and configuration
compare reread
compare reread extra
compare update
compare update nosuch
compare add nosuch
compare remove nosuch
compare remove web
compare avail extra

# The shell's own verbs, help, and errors
compare help
compare help start
compare help help
compare help bogus
compare bogus
compare 'start-x'
compare EOF
compare fg
compare fg nosuch
compare fg web chatty
compare fg manual
compare version extra
compare shutdown now
compare reload now

# Interactive shell, fed on stdin: status first, then each line.
printf 'status web\nstart manual\nbogus\n\n?pid\nshutdown\nn\nreload\nno\nquit\n' >"$T/in1"
compare -i "$T/in1"
printf 'stop manual\npid web\n' >"$T/in2"
compare -i "$T/in2"

# Authentication: the INI's credentials are overridden by -u/-p.
compare -u tester -p wrong status
compare -p wrong start web

# A configuration change: reread and update see the new service.
cat >>"$T/s.svc" <<'EOF'
service newone { command "/bin/sleep 1000"; }
EOF
for d in a b; do
	SVC_TEST_ROOT=$T/$d "$B/svcc" --emit ini -O "$T/$d" "$T/s.svc" >/dev/null 2>&1 || fail "svcc"
	plain_password "$T/$d"
	[ "$SERVER" = svcd ] && { "$B/svcc" -o "$T/$d/s.svct" "$T/s.svc" >/dev/null 2>&1 || fail "svcc"; }
done
compare reread
compare update nosuch newone
compare status newone
compare -f sort stop all
compare -f sort start all
want='chatty RUNNING
fail FATAL
manual RUNNING
newone RUNNING
oneshot EXITED
tier:worker_0 RUNNING
tier:worker_1 RUNNING
web RUNNING'
wait_states "$T/a" "$want"
wait_states "$T/b" "$want"
compare status

# The end: shutdown, then the messages for a server that is gone.
compare shutdown
"$B/tests/helpers/waitfor" -t 20 absent "$T/a/ctl.sock" &&
	"$B/tests/helpers/waitfor" -t 20 absent "$T/b/ctl.sock" ||
	fail "servers still listening 20s after shutdown"
compare status
compare start web
compare shutdown
compare avail

echo "svcctl against $SERVER: $NPASS same, $NFAIL different"
[ "$NFAIL" -eq 0 ]
