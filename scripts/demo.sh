#!/bin/sh
# `make demo`: compiles examples/demo.svc and runs svcd in the foreground
# on it until Ctrl-C (or for SVC_DEMO_SECONDS seconds when set), with every
# log in a temporary folder that is removed afterwards.
build=${1:-build}
SVC_DEMO_DIR=$(mktemp -d "${TMPDIR:-/tmp}/svc-demo.XXXXXX") || exit 1
SVC_DEMO_PORT=${SVC_DEMO_PORT:-8000}
export SVC_DEMO_DIR SVC_DEMO_PORT
pid=
# shellcheck disable=SC2317 # run by the EXIT trap
finish() {
	[ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid"
	rm -rf "$SVC_DEMO_DIR"
}
trap finish EXIT
# a handler, not '': an ignored signal would stay ignored in svcd
trap ':' INT

if ! "$build/svcc" examples/demo.svc -o "$SVC_DEMO_DIR/demo.svct" 2>"$SVC_DEMO_DIR/svcc.out"; then
	cat "$SVC_DEMO_DIR/svcc.out" >&2
	exit 1
fi
cat <<EOT
svcd is running examples/demo.svc; its log follows. Ctrl-C stops everything.
  clock  prints the time every 2 s:   $SVC_DEMO_DIR/clock-stdout.log
  flaky  fails every 5 s, restarted:  $SVC_DEMO_DIR/flaky-stdout.log
  web    http://127.0.0.1:$SVC_DEMO_PORT/ (starts once clock is RUNNING)

EOT
"$build/svcd" -n -c "$SVC_DEMO_DIR/demo.svct" &
pid=$!
if [ -n "${SVC_DEMO_SECONDS:-}" ]; then
	sleep "$SVC_DEMO_SECONDS"
	kill -TERM "$pid" 2>/dev/null
fi
# wait returns early when Ctrl-C interrupts it: svcd got the SIGINT too
# and is stopping its children; wait again for it to finish
wait "$pid"
status=$?
while kill -0 "$pid" 2>/dev/null; do
	wait "$pid"
	status=$?
done
pid=
exit "$status"
