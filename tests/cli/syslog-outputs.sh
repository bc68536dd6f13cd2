#!/bin/sh
# Syslog destinations through both outputs of svcc: the compiled table
# (svcc --dump, text against tests/cli/table-dumps/syslog.dump, JSON must
# parse; svcd's reader checks the table when --dump opens it) and the INI
# (tests/emit/golden/syslog.ini), which Debian's supervisord must load and
# run, its own parser reading the syslog settings back. SVC_UPDATE=1
# rewrites both golden files.
build=$1
# shellcheck source=tests/cli/outputs.inc
. "$(dirname "$0")/outputs.inc"
command -v supervisord >/dev/null || { echo "supervisord is not installed (make deps)"; exit 1; }
py=$(sed -n '1s/^#! *//p' "$(command -v supervisord)")
root=$(mktemp -d /tmp/svc-syslog.XXXXXX)
pid=
stop() {
	[ -n "$pid" ] || return 0
	kill "$pid" 2>/dev/null
	"$build/tests/helpers/waitfor" -t 15 exit "$pid" || kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	pid=
}
trap 'stop; rm -rf "$root"' EXIT
trap 'exit 1' INT TERM
fail() { echo "$*"; [ -f "$root/out" ] && sed 's/^/supervisord: /' "$root/out"; exit 1; }
export NO_COLOR=1 SVC_TEST_ROOT="$root"

outputs_golden "$build" syslog "$root" || fail "svcc's outputs of tests/emit/syslog.svc"
# the fields themselves, so an update of the golden files cannot hide a loss
[ "$(grep -c '^  logfile syslog$' "$root/dump")" = 1 ] || fail "no logfile syslog in the dump"
[ "$(grep -c '^  stdout syslog$' "$root/dump")" = 3 ] || fail "not 3 stdout syslog in the dump"
[ "$(grep -c '^  stderr syslog$' "$root/dump")" = 2 ] || fail "not 2 stderr syslog in the dump"
grep -q '^logfile=syslog$' "$root/ini" || fail "no logfile=syslog in the INI"
[ "$(grep -c '^stdout_syslog=true$' "$root/ini")" = 3 ] || fail "not 3 stdout_syslog=true"
[ "$(grep -c '^stdout_logfile=NONE$' "$root/ini")" = 3 ] || fail "not 3 stdout_logfile=NONE"

# supervisord runs it, and its own parser reads syslog where svc put it.
src=tests/emit/syslog.svc
"$build/svcc" --no-host-checks --emit ini -O "$root" "$src" || fail "--emit ini -O failed"
conf=$root/supervisord.conf
supervisord -c "$conf" -n >"$root/out" 2>&1 &
pid=$!
want='merged RUNNING
watcher RUNNING
web RUNNING'
i=0
while :; do
	got=$(supervisorctl -c "$conf" status 2>&1 | awk '{ print $1, $2 }')
	[ "$got" = "$want" ] && break
	kill -0 "$pid" 2>/dev/null || fail "supervisord exited"
	i=$((i + 1))
	[ $i -lt 150 ] || fail "supervisorctl status after 15s:
$got"
	# states are seen only by asking supervisord
	sleep 0.1
done
got=$("$py" - "$conf" <<'PY'
import sys
from supervisor.options import ServerOptions
opts = ServerOptions()
opts.realize(["-c", sys.argv[1]])
print("supervisord", opts.logfile)
for g in opts.process_group_configs:
    for p in g.process_configs:
        print(p.name, p.stdout_logfile, p.stdout_syslog, p.stderr_logfile, p.stderr_syslog,
              p.redirect_stderr)
PY
) || fail "supervisord's parser cannot read $conf"
want='merged None True None False True
supervisord syslog
watcher None True None True False
web None True None True False'
[ "$(echo "$got" | LC_ALL=C sort)" = "$want" ] || fail "supervisord reads:
$got
expected:
$want"
ls "$root"/*.log >/dev/null 2>&1 && fail "supervisord wrote a log file: $(ls "$root")"
exit 0
