#!/bin/sh
# Replays the fuzzing regression corpora: every input under
# tests/fuzz/regress/compile goes through `svcc --check`, every table under
# tests/fuzz/regress/table through `svcc --dump`; each must finish within
# 10 s with exit status 0 or 1 and no sanitizer report (the suite also runs
# this under the ASan+UBSan build, where a report is what would show a bug).
build=${1:-build}
svcc=$build/svcc
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
here=$(dirname "$0")/../fuzz/regress
# an odd exit code keeps a sanitizer's abort apart from svcc's own 1
ASAN_OPTIONS=exitcode=86:detect_leaks=1
UBSAN_OPTIONS=exitcode=87:print_stacktrace=1:halt_on_error=1
export ASAN_OPTIONS UBSAN_OPTIONS NO_COLOR=1
fail=0 n=0

# run FILE ARGS...: svcc ARGS FILE, judged.
run() {
	f=$1
	shift
	n=$((n + 1))
	timeout 10 "$svcc" "$@" "$f" >"$tmp/out" 2>"$tmp/err"
	status=$?
	case $status in
	0|1) ;;
	124) echo "FAIL $f: svcc $* took over 10 s"; fail=1; return ;;
	*) echo "FAIL $f: svcc $* exited with status $status"; fail=1 ;;
	esac
	if grep -qE 'Sanitizer|runtime error:' "$tmp/err"; then
		echo "FAIL $f: sanitizer report:"
		head -n 40 "$tmp/err"
		fail=1
	fi
}

for f in "$here"/compile/*; do
	[ -f "$f" ] && run "$f" --check --no-host-checks
done
for f in "$here"/table/*; do
	[ -f "$f" ] && run "$f" --dump
done
[ "$n" -gt 0 ] || { echo "FAIL: no regression input found under $here"; exit 1; }
echo "fuzz-regress: $n inputs replayed"
exit $fail
