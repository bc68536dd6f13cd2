#!/bin/sh
# make bench: measures the compiler (and, when built, the table loader) on
# generated inputs and prints Markdown tables to paste into
# docs/benchmarks.md. Figures vary with the machine: compare rows of one run.
set -eu
build=${1:-build}
svcc=$build/svcc
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
runs=${BENCH_RUNS:-5}

# median of the numbers on stdin
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# wall milliseconds and peak RSS (KB) of one run of "$@", as "ms kb"
measure() {
	t0=$(date +%s%N)
	/usr/bin/time -f '%M' -o "$tmp/time" "$@" >/dev/null 2>&1 || true
	t1=$(date +%s%N)
	echo "$(((t1 - t0) / 1000000)) $(cat "$tmp/time")"
}

echo "## svcc --check"
echo
echo "| services | input size | time (median of $runs) | peak memory |"
echo "|---:|---:|---:|---:|"
for n in 100 1000 10000; do
	sh bench/gen-services.sh "$n" >"$tmp/s$n.svc"
	size=$(wc -c <"$tmp/s$n.svc")
	: >"$tmp/t"; : >"$tmp/m"
	i=0
	while [ $i -lt "$runs" ]; do
		# shellcheck disable=SC2046
		set -- $(measure "$svcc" --check --no-host-checks "$tmp/s$n.svc")
		echo "$1" >>"$tmp/t"; echo "$2" >>"$tmp/m"
		i=$((i + 1))
	done
	mb=$(median <"$tmp/m" | awk '{printf "%.1f", $1 / 1024}')
	printf '| %s | %s KB | %s ms | %s MB |\n' "$n" $((size / 1024)) "$(median <"$tmp/t")" "$mb"
done

if "$svcc" --no-host-checks -o "$tmp/probe.svct" "$tmp/s100.svc" 2>/dev/null && [ -s "$tmp/probe.svct" ]; then
	echo
	echo "## svcc build (check + write the table)"
	echo
	echo "| services | time (median of $runs) | table size |"
	echo "|---:|---:|---:|"
	for n in 100 1000 10000; do
		: >"$tmp/t"
		i=0
		while [ $i -lt "$runs" ]; do
			# shellcheck disable=SC2046
		set -- $(measure "$svcc" --no-host-checks -o "$tmp/s$n.svct" "$tmp/s$n.svc")
			echo "$1" >>"$tmp/t"
			i=$((i + 1))
		done
		printf '| %s | %s ms | %s KB |\n' "$n" "$(median <"$tmp/t")" $(($(wc -c <"$tmp/s$n.svct") / 1024))
	done
	if [ -x "$build/bench/table_load" ]; then
		echo
		echo "## Table load and validation"
		echo
		echo "| services | table size | load + validate (mean of 200) | per MB of table |"
		echo "|---:|---:|---:|---:|"
		for n in 100 1000 10000; do
			bytes=$(wc -c <"$tmp/s$n.svct")
			ms=$("$build/bench/table_load" "$tmp/s$n.svct" 200) || ms="n/a"
			printf '| %s | %s KB | %s | %s |\n' "$n" $((bytes / 1024)) "$ms" \
				"$(echo "$ms" | awk -v b="$bytes" '$2 == "ms" { printf "%.2f ms", $1 * 1048576 / b }')"
		done
	fi
fi
if [ -f bench/runtime.sh ]; then sh bench/runtime.sh "$build"; fi
echo; sh bench/listeners.sh "$build"
echo; sh bench/ready.sh "$build"
if [ -x "$build/svcd" ]; then echo; /usr/bin/python3 bench/memory.py "$build"; fi
