#!/bin/sh
# Debian's supervisord accepts the INI of every example and runs exactly the
# processes the example describes. The examples name programs, users and
# folders of other hosts, so a copy of each INI is moved under a temporary
# root first: paths get the root as prefix, every command becomes a sleep,
# user lines go, the TCP port becomes a free one, and passwords (kept as
# SHA-1 in the examples) become a known one. Section names, numprocs,
# process_name, groups, priorities, auth and sockets stay as generated.
build=$1
command -v supervisord >/dev/null || { echo "supervisord is not installed (make deps)"; exit 1; }
top=$(mktemp -d /tmp/svc-ex.XXXXXX)
pid=
cleanup() {
	ctlfork_stop
	if [ -n "$pid" ]; then kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; fi
	rm -rf "$top"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
# shellcheck source=tests/cli/ctlfork.inc
. "$(dirname "$0")/ctlfork.inc"
T=$top B=$(cd "$build" && pwd) ctlfork_start
# shellcheck source=tests/cli/port.inc
. "$(dirname "$0")/port.inc"
take_ports
nex=0
fail() { echo "$*"; [ -f "$root/out" ] && sed 's/^/supervisord: /' "$root/out"; exit 1; }

# check EXAMPLE EXPECTED-STATUS-LINES
check() {
	root=$top/$(basename "$(dirname "$1")")-$(basename "$1" .svc)
	mkdir -p "$root"
	"$build/svcc" --emit ini -O - --no-host-checks "$1" >"$root/orig.conf" 2>"$root/err" ||
		fail "$1: svcc --emit ini failed: $(cat "$root/err")"
	# one port of this test's block for each example, so that no example
	# meets the connections its predecessor left in TIME_WAIT
	port=$((PORT + nex % 4))
	nex=$((nex + 1))
	sed -E "s#^(logfile|pidfile|childlogdir|file|stdout_logfile|stderr_logfile|directory)=/#\1=$root/#;
		s#^serverurl=unix:///#serverurl=unix://$root/#; s#^command=.*#command=/bin/sleep 1000#;
		/^user=/d; s#^port=.*:[0-9]+#port=127.0.0.1:$port#; s#^password=.*#password=test#; s#^; password: .*#password=test#" "$root/orig.conf" >"$root/supervisord.conf"
	sed -n -E "s#^(logfile|pidfile|stdout_logfile|stderr_logfile)=(.*)/[^/]*#\2#p;
		s#^file=(.*)/[^/]*#\1#p; s#^(childlogdir|directory)=(.*)#\2#p" "$root/supervisord.conf" |
		sed 's/%(process_num)d/0/g' | while read -r d; do mkdir -p "$d"; done
	supervisord -c "$root/supervisord.conf" -n >"$root/out" 2>&1 &
	pid=$!
	# states are seen only by asking supervisord: every 100 ms
	i=0
	while :; do
		got=$(supervisorctl -c "$root/supervisord.conf" status 2>&1 | awk '{ print $1, $2 }')
		[ "$got" = "$2" ] && break
		kill -0 "$pid" 2>/dev/null || fail "$1: supervisord exited"
		i=$((i + 1))
		[ $i -lt 150 ] || fail "$1: supervisorctl status after 15s:
$got
expected:
$2"
		sleep 0.1
	done
	kill "$pid"
	wait "$pid"
	pid=
}

check examples/uwsgi.svc 'web:uwsgi_twitactivity RUNNING
web:worker_0 RUNNING
web:worker_1 RUNNING
web:worker_2 RUNNING
web:worker_3 RUNNING'
check examples/stack.svc 'app RUNNING
postgres RUNNING
worker RUNNING'
check examples/webapp.svc 'shop:mailer RUNNING
shop:web_10 RUNNING
shop:web_11 RUNNING
shop:web_12 RUNNING
shop:web_13 RUNNING'
check examples/split/services.svc 'backend:cache RUNNING
backend:queue RUNNING'
exit 0
