#!/bin/sh
# The end of a test run: counts the results under each BUILD/results given,
# lists the five slowest tests, remembers every duration for the next run's
# order (tests/order.sh), and exits 1 if any test failed or none ran.
set -u
all=$(mktemp)
trap 'rm -f "$all"' EXIT
for b in "$@"; do
	find "$b/results" -name '*.result' -exec cat {} + 2>/dev/null
done >"$all"
pass=$(grep -c '^PASS ' "$all")
fail=$(grep -c '^FAIL ' "$all")
echo
echo "slowest:"
sort -k3,3 -rn "$all" | head -n 5 | awk '{ printf "    %6.1fs  %s\n", $3, $2 }'
times=${SVC_TEST_TIMES:-build/check-times}
if [ -d "$(dirname "$times")" ]; then
	{ [ -f "$times" ] && cat "$times"; awk '{ print $2, $3 }' "$all"; } |
		awk '{ t[$1] = $2 } END { for (k in t) print k, t[k] }' | sort >"$times.new" &&
		mv "$times.new" "$times"
fi
if [ "$fail" -gt 0 ]; then
	echo "failed:"
	grep '^FAIL ' "$all" | awk '{ print "    " $2 }'
fi
echo "tests: $pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
