#!/bin/sh
# Round trip of every example through the compiled table: compile it twice
# (the two tables must be byte-identical), dump it as text and compare with
# tests/cli/table-dumps/NAME.dump, dump it as JSON and check that it parses.
# Run from the project's root with the build folder as $1; SVC_UPDATE=1
# rewrites the expected dumps.
build=${1:-build}
svcc=$build/svcc
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
for svc in examples/*.svc; do
	[ -e "$svc" ] || continue
	name=$(basename "$svc" .svc)
	want=tests/cli/table-dumps/$name.dump
	if ! "$svcc" -o "$tmp/a.svct" "$svc" 2>"$tmp/err" ||
	   ! "$svcc" -o "$tmp/b.svct" "$svc" 2>>"$tmp/err"; then
		echo "FAIL $svc: does not compile"; cat "$tmp/err"; fail=1; continue
	fi
	cmp -s "$tmp/a.svct" "$tmp/b.svct" ||
		{ echo "FAIL $svc: two builds differ"; fail=1; }
	if ! "$svcc" --dump "$tmp/a.svct" >"$tmp/dump" 2>"$tmp/err"; then
		echo "FAIL $svc: --dump failed"; cat "$tmp/err"; fail=1; continue
	fi
	if [ "${SVC_UPDATE:-}" = 1 ]; then
		cp "$tmp/dump" "$want"
	elif ! diff -u "$want" "$tmp/dump"; then
		echo "FAIL $svc: dump differs from $want"; fail=1
	fi
	if ! "$svcc" --dump --format json "$tmp/a.svct" >"$tmp/json" 2>"$tmp/err" ||
	   ! python3 -m json.tool "$tmp/json" >/dev/null; then
		echo "FAIL $svc: --dump --format json is not valid JSON"; fail=1
	fi
done
exit $fail
