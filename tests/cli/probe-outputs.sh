#!/bin/sh
# Readiness, health and essential through both outputs of svcc: the
# compiled table (svcc --dump, text against tests/cli/table-dumps/probes.dump,
# JSON must parse) and the INI (tests/emit/golden/probes.ini, where each is
# dropped with a comment and a warning). svcd's reader checks the table
# when --dump opens it. SVC_UPDATE=1 rewrites the golden files.
build=$1
# shellcheck source=tests/cli/outputs.inc
. "$(dirname "$0")/outputs.inc"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export NO_COLOR=1
fail=0
outputs_golden "$build" probes "$tmp" || fail=1

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
has s6 'ready notify' 'ready_fd 4' 'ready_timeout_ms 10000'
has systemd 'ready sdnotify' 'ready_timeout_ms 20000' 'ready_watchdog_ms 30000' 'essential true'
has web_1 'ready tcp' 'ready_target "127.0.0.1:801"' 'ready_every_ms 100' \
	'ready_timeout_ms 5000' 'health http' 'health_target "http://[::1]:801/healthz"' \
	'health_every_ms 7000' 'health_timeout_ms 1500' 'health_failures 4' 'health_grace_ms 3000'
has api 'ready_target "http://${host}:9000/ready" (template)' \
	'health_target "${env.DB}:5432" (template)' 'health_every_ms 10000' \
	'health_timeout_ms 2000' 'health_failures 3' 'health_grace_ms 0'
has db 'ready exec' 'ready_argv "/bin/sh" "-c" "test -e /run/db.ready"' 'ready_every_ms 250' \
	'ready_timeout_ms 60000' 'health exec' \
	'health_argv "/usr/bin/pg_isready" "-q" "-h" "${host}" (template)'
has worker 'ready log' 'ready_target "listening on [0-9]+$"'
# what a kind does not use is not there (and 0 in the table)
grep -c '^  ready_fd' "$tmp/dump" | grep -qx 1 || { echo "ready_fd beyond notify"; fail=1; }
grep -c '^  essential' "$tmp/dump" | grep -qx 1 || { echo "essential beyond systemd"; fail=1; }
python3 - "$tmp/json" <<'PY' || fail=1
import json, sys
procs = {p["name"]: p for p in json.load(open(sys.argv[1]))["processes"]}
assert procs["db"]["ready_argv"] == ["/bin/sh", "-c", "test -e /run/db.ready"], procs["db"]
assert procs["api"]["health_target"] == {"template": "${env.DB}:5432"}, procs["api"]
assert procs["systemd"]["essential"] is True
assert procs["web_0"]["ready"] == "tcp" and "ready_fd" not in procs["web_0"], procs["web_0"]
assert procs["s6"]["ready_fd"] == 4 and "health" not in procs["s6"], procs["s6"]
PY

# The INI: one comment a dropped key in its section, one warning each.
grep -qxF '; svc: dropped essential true (supervisord does not exit when a process is lost for good)' "$tmp/ini" ||
	{ echo "no comment for essential"; fail=1; }
n=$(grep -c '^; svc: dropped ' "$tmp/ini")
[ "$n" = 10 ] || { echo "$n dropped keys in the INI, expected 10"; fail=1; }
n=$(grep -c 'has no supervisord equivalent in --emit ini: dropped.*\[SVC109\]$' "$tmp/err")
[ "$n" = 10 ] || { echo "$n SVC109 warnings, expected 10"; cat "$tmp/err"; fail=1; }
# A carriage return in a dropped string would end supervisord's comment
# line and start a line of its own: it is written \x0d.
printf 'supervisor { socket "/tmp/svc-case.sock"; }\nservice a { command "/bin/a"; ready log "x\r[program:evil]"; }\n' >"$tmp/cr.svc"
"$build/svcc" --no-host-checks --emit ini -O - "$tmp/cr.svc" >"$tmp/cr.ini" 2>/dev/null ||
	{ echo "--emit ini of a ready log with a carriage return failed"; fail=1; }
grep -qF '; svc: dropped ready log "x\x0d[program:evil]" (' "$tmp/cr.ini" &&
	! grep -q "$(printf '\r')" "$tmp/cr.ini" || { echo "a carriage return reached the INI"; fail=1; }
exit $fail
