#!/bin/sh
# make bench, runtime part: svcd and Debian's supervisord run the same .svc
# (compiled to a table, and emitted as INI) one after the other in this run;
# bench/probe.py measures each from /proc and its log. Prints Markdown.
#   sh bench/runtime.sh BUILD   (BENCH_IDLE_SECONDS=30, BENCH_KILLS=20,
#                                BENCH_STATUS=20)
set -eu
build=${1:-build}
idle=${BENCH_IDLE_SECONDS:-30}
kills=${BENCH_KILLS:-20}
statuses=${BENCH_STATUS:-20}
supervisorctl=${SUPERVISORCTL:-/usr/bin/supervisorctl}
sock=
supervisord=${SUPERVISORD:-/usr/bin/supervisord}
here=$(dirname "$0")

if [ ! -x "$build/svcd" ] || [ ! -x "$supervisord" ]; then
	echo "bench/runtime.sh: needs $build/svcd and $supervisord; runtime figures skipped" >&2
	exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/svc-bench.XXXXXX")
# both supervisors and every child inherit the tag; cleanup finds them by it
BENCH_TAG=$tmp
export BENCH_TAG

kill_tagged() {
	for env in /proc/[0-9]*/environ; do
		pid=${env#/proc/}
		pid=${pid%/environ}
		[ "$pid" = $$ ] && continue
		if { tr '\0' '\n' <"$env"; } 2>/dev/null | grep -qxF "BENCH_TAG=$tmp"; then
			kill -KILL "$pid" 2>/dev/null || true
		fi
	done
}
cleanup() {
	kill_tagged
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# write_svc DIR N: N copies of one idle program, every path under DIR; with
# $sock set, the supervisor serves its control socket there.
write_svc() {
	mkdir -p "$1/log"
	socket_line=
	[ -z "$sock" ] || socket_line="    socket \"$sock\";"
	cat >"$1/s.svc" <<EOT
supervisor {
    logfile "$1/daemon.log";
    pidfile "$1/daemon.pid";
    childlogdir "$1/log";
    minfds 8192;
$socket_line
}
service idle {
    command "/bin/sleep 100000";
    instances $2;
    startsecs 1s;
    autorestart true;
}
EOT
}

# run DAEMON N PROBE-OPTIONS...: one supervisor on N processes; the probe's
# key=value lines land in $tmp/DAEMON-N.txt (DAEMON-N-status.txt with $sock
# set), empty when it failed.
run() {
	name=$1
	n=$2${sock:+-status}
	d=$tmp/$name-$n
	shift 2
	write_svc "$d" "${n%-status}"
	: >"$tmp/$name-$n.txt"
	if [ "$name" = svcd ]; then
		ok=0; "$build/svcc" -o "$d/s.svct" "$d/s.svc" 2>"$d/svcc.err" || ok=1
		set -- "$@" -- "$build/svcd" -n -c "$d/s.svct"
	else
		ok=0; "$build/svcc" --emit ini -O "$d" "$d/s.svc" 2>"$d/svcc.err" || ok=1
		set -- "$@" -- "$supervisord" -n -c "$d/supervisord.conf"
	fi
	if [ $ok != 0 ]; then
		echo "bench/runtime.sh: svcc failed on $d/s.svc:" >&2
		cat "$d/svcc.err" >&2
		return 0
	fi
	if ! python3 "$here/probe.py" --log "$d/daemon.log" --procs "${n%-status}" \
		--out "$d/out" "$@" >"$tmp/$name-$n.txt"; then
		: >"$tmp/$name-$n.txt"
		echo "bench/runtime.sh: $name with $n processes failed; its log ends:" >&2
		tail -n 5 "$d/daemon.log" "$d/out" >&2 2>/dev/null || true
	fi
	kill_tagged
}

# get DAEMON N KEY: one figure, or "n/a".
get() {
	v=$(sed -n "s/^$3=//p" "$tmp/$1-$2.txt")
	echo "${v:-n/a}"
}

# ratio A B: A / B to three significant digits, or whole above 100 ("-"
# when B is 0 or missing).
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN {
		if (a == "n/a" || b == "n/a" || b + 0 == 0) print "-"
		else if (a / b >= 100) printf "%.0f\n", a / b
		else printf "%.3g\n", a / b
	}'
}

load0=$(cut -d' ' -f1-3 /proc/loadavg)
for n in 1 100 1000; do
	for daemon in svcd supervisord; do
		case $n in
		100) run "$daemon" "$n" --idle "$idle" --kills "$kills" ;;
		*) run "$daemon" "$n" ;;
		esac
	done
done
# status with 1,000 processes: a pass of its own, with the control socket
# (the passes above serve none, so their figures stay comparable)
sock=$tmp/svcd.sock
run svcd 1000 --status "$statuses" --ctl "svcctl=$build/svcctl -s unix://$sock" \
	--ctl "supervisorctl=$supervisorctl -s unix://$sock"
sock=$tmp/supervisord.sock
run supervisord 1000 --status "$statuses" --ctl "supervisorctl=$supervisorctl -s unix://$sock"
sock=

echo
echo "## Runtime: svcd and supervisord $("$supervisord" --version 2>/dev/null || echo '?')"
echo
echo "One service \`/bin/sleep 100000\` with \`instances\` 1, 100 or 1,000, startsecs 1s,"
echo "autorestart true, stdout and stderr to automatic log files; the same .svc"
echo "compiled for svcd and emitted as INI for supervisord, run one after the other."
echo "Load average before: $load0; after: $(cut -d' ' -f1-3 /proc/loadavg)."
echo
echo "### Memory of the supervisor (after every process is RUNNING)"
echo
echo "| processes | svcd RSS | supervisord RSS | svcd / supervisord | svcd PSS | supervisord PSS | svcd / supervisord |"
echo "|---:|---:|---:|---:|---:|---:|---:|"
for n in 1 100 1000; do
	a=$(get svcd $n rss_kb); b=$(get supervisord $n rss_kb)
	c=$(get svcd $n pss_kb); d=$(get supervisord $n pss_kb)
	printf '| %s | %s KB | %s KB | %s | %s KB | %s KB | %s |\n' \
		"$n" "$a" "$b" "$(ratio "$a" "$b")" "$c" "$d" "$(ratio "$c" "$d")"
done
echo
echo "### Restart: SIGKILL of a RUNNING process to its new pid ($kills kills, 100 processes)"
echo
case $(get svcd 100 restart_method) in
proc-connector) how="the kernel's fork events (process events connector), to the microsecond" ;;
proc-poll) how="polling the supervisor's children in /proc in a tight loop" ;;
*) how="nothing: the measurement failed" ;;
esac
echo "Each kill hits a different process that has run for over a second; the"
echo "new pid is seen through $how."
lost="$(get svcd 100 restart_lost) $(get supervisord 100 restart_lost)"
if [ "$lost" != "0 0" ]; then
	echo "Rounds redone after the kernel dropped events (svcd, supervisord): $lost."
fi
echo
echo "| | svcd | supervisord | supervisord / svcd |"
echo "|---|---:|---:|---:|"
for k in median max; do
	a=$(get svcd 100 "restart_${k}_ms"); b=$(get supervisord 100 "restart_${k}_ms")
	printf '| %s | %s ms | %s ms | %s |\n' "$k" "$a" "$b" "$(ratio "$b" "$a")"
done
echo
echo "### Start: from the supervisor's start to the last process spawned"
echo
echo "| processes | svcd | supervisord | supervisord / svcd |"
echo "|---:|---:|---:|---:|"
for n in 100 1000; do
	a=$(get svcd $n start_ms); b=$(get supervisord $n start_ms)
	printf '| %s | %s ms | %s ms | %s |\n' "$n" "$a" "$b" "$(ratio "$b" "$a")"
done
echo
echo "### Idle: the supervisor over $idle s with 100 RUNNING processes"
echo
echo "| | svcd | supervisord |"
echo "|---|---:|---:|"
printf '| CPU time (utime + stime) | %s ms | %s ms |\n' \
	"$(get svcd 100 idle_cpu_ms)" "$(get supervisord 100 idle_cpu_ms)"
printf '| voluntary context switches | %s | %s |\n' \
	"$(get svcd 100 idle_vcsw)" "$(get supervisord 100 idle_vcsw)"
printf '| involuntary context switches | %s | %s |\n' \
	"$(get svcd 100 idle_ivcsw)" "$(get supervisord 100 idle_ivcsw)"
echo
echo "### Status with 1,000 RUNNING processes (wall time of the whole \`status\` command, $statuses runs)"
echo
echo "A pass of its own with the control socket on (\`socket\` in the .svc,"
echo "\`[unix_http_server]\` in the INI). Each run starts the client, which"
echo "lists all 1,000 as RUNNING (checked), and exits: Python's start-up is part"
echo "of supervisorctl's figure."
echo
echo "| client -> server | median | max | median / svcctl -> svcd |"
echo "|---|---:|---:|---:|"
base=$(get svcd 1000-status status_svcctl_median_ms)
for row in "svcctl -> svcd:svcd:svcctl" "supervisorctl -> svcd:svcd:supervisorctl" \
	   "supervisorctl -> supervisord:supervisord:supervisorctl"; do
	label=${row%%:*}; rest=${row#*:}; daemon=${rest%%:*}; client=${rest#*:}
	a=$(get "$daemon" 1000-status "status_${client}_median_ms")
	b=$(get "$daemon" 1000-status "status_${client}_max_ms")
	printf '| %s | %s ms | %s ms | %s |\n' "$label" "$a" "$b" "$(ratio "$a" "$base")"
done
