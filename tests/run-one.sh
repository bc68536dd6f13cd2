#!/bin/sh
# Runs one test and records its result; `make check` runs many of these at
# once. The argument names the test and where its result goes:
#   BUILD/results/KIND/NAME.result
# KIND is unit (the cmocka program BUILD/tests/NAME), case (the golden svcc
# case tests/cases/NAME.svc) or cli (the script tests/cli/NAME.sh, given
# BUILD). Prints one line when the test ends, `PASS KIND/NAME (1.2s)`, or
# `FAIL KIND/NAME (1.2s)` followed by its log, and always exits 0: the
# verdict is the first word of the .result file, read by tests/summary.sh.
#
# A script that must not run beside another one that uses the same thing
# says so in a line `# serial: THING`; such scripts take a lock named THING
# for as long as they run. Nothing else is serialised.
# A test that runs for longer than SVC_TEST_TIMEOUT seconds (default 600)
# is stopped and fails.
set -u
result=$1
build=${result%/results/*}
rel=${result#"$build"/results/}
kind=${rel%%/*}
name=${rel#*/}
name=${name%.result}
log=${result%.result}.log
mkdir -p "$(dirname "$result")"
label=$kind/$name
[ "$build" = build ] || label="${build#build/}:$label"
limit=${SVC_TEST_TIMEOUT:-600}

# The golden cases of svcc: the exit status, stderr and (when there is a
# NAME.stdout) stdout of `svcc ARGS NAME.svc`, ARGS from NAME.args or
# --check. SVC_UPDATE=1 rewrites the expected files (review the diff!).
run_case() {
	base=tests/cases/$1
	args=--check
	[ -f "$base.args" ] && args=$(cat "$base.args")
	out=$(mktemp) err=$(mktemp)
	# shellcheck disable=SC2086
	NO_COLOR=1 "$build/svcc" $args "$base.svc" >"$out" 2>"$err"
	status=$?
	if [ "${SVC_UPDATE:-}" = 1 ]; then
		cp "$err" "$base.stderr"
		if [ -s "$out" ]; then cp "$out" "$base.stdout"; fi
		echo "$status" >"$base.status"
	fi
	want=0
	[ -f "$base.status" ] && want=$(cat "$base.status")
	ok=0
	[ "$status" = "$want" ] || { echo "exit status $status, expected $want"; ok=1; }
	diff -u "$base.stderr" "$err" || { echo "stderr differs"; ok=1; }
	if [ -f "$base.stdout" ]; then diff -u "$base.stdout" "$out" || { echo "stdout differs"; ok=1; }; fi
	rm -f "$out" "$err"
	return $ok
}

# serial THING COMMAND...: COMMAND under the lock THING, shared by every
# test of every build folder on this machine.
serial() {
	lock=${TMPDIR:-/tmp}/svc-test-$1.lock
	shift
	flock "$lock" "$@"
}

start=$(date +%s%N)
case $kind in
unit)
	timeout -k 10 "$limit" "$build/tests/$name" >"$log" 2>&1
	;;
case)
	run_case "$name" >"$log" 2>&1
	;;
cli)
	script=tests/cli/$name.sh
	thing=$(sed -n 's/^# serial: *\([A-Za-z0-9_-]*\).*/\1/p' "$script" | head -n1)
	if [ -n "$thing" ]; then
		serial "$thing" timeout -k 10 "$limit" sh "$script" "$build" >"$log" 2>&1 </dev/null
	else
		timeout -k 10 "$limit" sh "$script" "$build" >"$log" 2>&1 </dev/null
	fi
	;;
*)
	echo "run-one.sh: unknown kind of test '$kind' in $result" >"$log"
	false
	;;
esac
rc=$?
[ "$rc" = 124 ] && echo "run-one.sh: stopped after ${limit}s" >>"$log"
end=$(date +%s%N)
secs=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
if [ "$rc" = 0 ]; then
	echo "PASS $label ${secs}" >"$result"
	echo "PASS $label (${secs}s)"
else
	echo "FAIL $label ${secs}" >"$result"
	{
		echo "FAIL $label (${secs}s), exit status $rc; its log:"
		sed 's/^/    /' "$log"
	}
fi
exit 0
