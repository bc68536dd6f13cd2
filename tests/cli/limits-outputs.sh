#!/bin/sh
# Limits, envfiles, process trees, backoff, reloads and rolling restarts
# (language.md section 6) through both outputs of svcc: the compiled table
# (svcc --dump, text against tests/cli/table-dumps/limits.dump, JSON must
# parse) and the INI (tests/emit/golden/limits.ini, where each key is
# dropped with a comment and a warning). svcd's reader checks the table
# when --dump opens it. SVC_UPDATE=1 rewrites the golden files.
build=$1
# shellcheck source=tests/cli/outputs.inc
. "$(dirname "$0")/outputs.inc"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export NO_COLOR=1
fail=0
outputs_golden "$build" limits "$tmp" || fail=1
# the cpu limit of 1500ms is said to be rounded up, once
n=$(grep -c "rounded up to 2s \[SVC112\]$" "$tmp/cerr")
[ "$n" = 1 ] || { echo "$n SVC112 warnings, expected 1"; cat "$tmp/cerr"; fail=1; }

# The values themselves, so that an update of the golden files cannot hide
# a loss: process BLOCK of the dump holds every LINE.
has() {
	proc=$1
	shift
	awk -v p="process \"$proc\"" '$0 == p { on = 1; next } /^[a-z]/ { on = 0 } on' \
		"$tmp/dump" >"$tmp/block"
	for line in "$@"; do
		grep -qxF -- "  $line" "$tmp/block" || { echo "process $proc: no '$line'"; fail=1; }
	done
}
lacks() {
	proc=$1
	shift
	awk -v p="process \"$proc\"" '$0 == p { on = 1; next } /^[a-z]/ { on = 0 } on' \
		"$tmp/dump" >"$tmp/block"
	for key in "$@"; do
		! grep -q "^  $key " "$tmp/block" || { echo "process $proc: has $key"; fail=1; }
	done
}
has web_1 'startretries infinite' 'limit_nofile 4096' 'limit_nproc 512' 'limit_core 0' \
	'limit_memlock 65536' 'limit_as 2147483648' 'limit_data 1073741824' \
	'limit_stack 8388608' 'limit_cpu_s 3600' 'nice 5' 'oom_score_adj -500' \
	'memory 536870912' 'maxrss 209715200' 'maxrss_every_ms 10000' \
	'envfiles "/etc/default/svcd" "-${env.SVC_HOME}/svcd.env" (template) "-/etc/default/all" "/etc/default/web" "-/etc/web-1.env"' \
	'killtree false' 'backoff exponential' 'backoff_initial_ms 500' 'backoff_max_ms 30000' \
	'reloadsignal HUP' 'rolling_batch 1' 'rolling_pause_ms 5000'
has worker_2 'startretries 3' 'limit_nofile 1024' 'limit_core 0' 'limit_cpu_s 2' 'nice -20' \
	'oom_score_adj 1000' 'maxrss 1073741824' 'maxrss_every_ms 30000' \
	'backoff exponential' 'backoff_initial_ms 1000' 'backoff_max_ms 60000' \
	'rolling_batch 1' 'rolling_pause_ms 0'
lacks worker_2 limit_nproc memory killtree reloadsignal
has plain 'limit_nofile 1024' 'limit_core 0' 'killtree false' \
	'envfiles "/etc/default/svcd" "-${env.SVC_HOME}/svcd.env" (template) "-/etc/default/all"'
lacks plain nice oom_score_adj maxrss backoff reloadsignal rolling_batch
has watcher 'reloadsignal USR2' \
	'envfiles "/etc/default/svcd" "-${env.SVC_HOME}/svcd.env" (template) "-/etc/default/all" "/etc/watcher.env"'
python3 - "$tmp/json" <<'PY' || fail=1
import json, sys
procs = {p["name"]: p for p in json.load(open(sys.argv[1]))["processes"]}
web = procs["web_0"]
assert web["envfiles"] == ["/etc/default/svcd", {"template": "-${env.SVC_HOME}/svcd.env"},
                           "-/etc/default/all", "/etc/default/web", "-/etc/web-0.env"], web
assert web["startretries"] == "infinite" and web["killtree"] is False, web
assert web["limit_cpu_s"] == 3600 and web["nice"] == 5 and web["oom_score_adj"] == -500, web
assert procs["worker_0"]["startretries"] == 3 and "killtree" not in procs["worker_0"]
assert "backoff" not in procs["plain"] and "envfiles" in procs["plain"]
PY

# The INI: a comment a dropped statement in its section, a warning a key
# and service; startretries infinite is a large count, said so.
grep -qxF '; svc: dropped limits { nofile 4096; nproc 512; core 0; memlock 64KB; as 2GB; data 1GB; stack 8MB; cpu 1h; } (supervisord sets no resource limits of a program)' "$tmp/ini" ||
	{ echo "no comment with web's limits and the defaults' core"; fail=1; }
grep -qxF 'startretries=1000000' "$tmp/ini" || { echo "no startretries=1000000"; fail=1; }
n=$(grep -c '^; svc: dropped ' "$tmp/ini")
[ "$n" = 26 ] || { echo "$n dropped statements in the INI, expected 26"; fail=1; }
n=$(grep -c 'has no supervisord equivalent in --emit ini: .*\[SVC109\]$' "$tmp/err")
[ "$n" = 23 ] || { echo "$n SVC109 warnings, expected 23"; cat "$tmp/err"; fail=1; }
# nothing for what supervisord does itself: plain's killtree and backoff
! grep -q "'killtree' of service 'plain'\|'backoff' of service 'plain'" "$tmp/err" ||
	{ echo "a warning for supervisord's own behaviour"; fail=1; }
exit $fail
