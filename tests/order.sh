#!/bin/sh
# Prints the result files given, the slowest test of the last run first
# (durations from tests/summary.sh; a test never timed counts as slowest),
# so that a parallel run does not end waiting for one long test.
times=${SVC_TEST_TIMES:-build/check-times}
[ -f "$times" ] || times=/dev/null
for r in "$@"; do echo "$r"; done | awk -v times="$times" '
	BEGIN { while ((getline line < times) > 0) { split(line, f, " "); t[f[1]] = f[2] } }
	{
		b = $0; sub(/\/results\/.*/, "", b)
		rel = substr($0, length(b) + 10); sub(/\.result$/, "", rel)
		label = (b == "build") ? rel : substr(b, 7) ":" rel
		printf "%s %s\n", (label in t) ? t[label] : 1e9, $0
	}' | sort -k1,1 -rn -s | cut -d' ' -f2
