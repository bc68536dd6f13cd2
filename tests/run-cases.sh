#!/bin/sh
# Black-box tests of svcc: for each tests/cases/NAME.svc, runs
#   svcc $(cat NAME.args || echo --check) tests/cases/NAME.svc
# from the project's root and compares stderr with NAME.stderr, stdout with
# NAME.stdout (when present) and the exit status with NAME.status (default 0).
# SVC_UPDATE=1 rewrites the expected files instead (review the diff!).
build=${1:-build}
svcc=$build/svcc
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
export NO_COLOR=1
for svc in tests/cases/*.svc; do
	[ -e "$svc" ] || continue
	base=${svc%.svc}
	args="--check"
	[ -f "$base.args" ] && args=$(cat "$base.args")
	# shellcheck disable=SC2086
	"$svcc" $args "$svc" >"$tmp/out" 2>"$tmp/err"
	status=$?
	if [ "${SVC_UPDATE:-}" = 1 ]; then
		cp "$tmp/err" "$base.stderr"
		[ -s "$tmp/out" ] && cp "$tmp/out" "$base.stdout"
		echo "$status" >"$base.status"
		continue
	fi
	want=0
	[ -f "$base.status" ] && want=$(cat "$base.status")
	ok=1
	[ "$status" = "$want" ] || { echo "FAIL $svc: exit status $status, expected $want"; ok=0; }
	if ! diff -u "$base.stderr" "$tmp/err" >"$tmp/diff" 2>&1; then
		echo "FAIL $svc: stderr differs"; cat "$tmp/diff"; ok=0
	fi
	if [ -f "$base.stdout" ] && ! diff -u "$base.stdout" "$tmp/out" >"$tmp/diff"; then
		echo "FAIL $svc: stdout differs"; cat "$tmp/diff"; ok=0
	fi
	if [ $ok = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done
# Further black-box scripts (tests/cli/*.sh) take the build folder and exit
# non-zero on failure.
for t in tests/cli/*.sh; do
	[ -e "$t" ] || continue
	if sh "$t" "$build" >"$tmp/log" 2>&1; then pass=$((pass + 1))
	else fail=$((fail + 1)); echo "FAIL $t:"; cat "$tmp/log"; fi
done
echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
