#!/bin/sh
# `make demo` (scripts/demo.sh) with SVC_DEMO_SECONDS: it compiles the
# example, runs svcd, serves HTTP on 127.0.0.1, restarts the flaky program,
# stops by itself, exits 0 and removes its temporary folder.
# shellcheck source=tests/cli/svcd-lib.inc
. "$(dirname "$0")/svcd-lib.inc"

# shellcheck source=tests/cli/port.inc
. "$(dirname "$0")/port.inc"
take_ports
port=$PORT
SVC_DEMO_SECONDS=9 SVC_DEMO_PORT=$port TMPDIR=$T sh scripts/demo.sh "$B" >"$T/demo.out" 2>&1 &
demo=$!
LOG=$T/demo.out
wait_log "success: web entered RUNNING state" 1 15
python3 -c "import urllib.request as u; u.urlopen('http://127.0.0.1:$port/', timeout=5).read()" \
	|| fail "the demo's web server does not answer"
wait_log "exited: flaky \(exit status 3; not expected\)" 1 15
"$H/waitfor" -t 30 exit "$demo" || fail "the demo did not stop by itself"
wait "$demo" || fail "the demo exited non-zero"
grep -q "spawned: 'clock'" "$LOG" || fail "no clock"
grep -q "stopped: clock" "$LOG" || fail "clock was not stopped"
[ "$(find "$T" -maxdepth 1 -name 'svc-demo.*' | wc -l)" = 0 ] || fail "the demo left its folder"
exit 0
