#!/bin/sh
# `svcc --emit FORMAT -O -` for every example and every text format matches
# tests/emit/golden/EXAMPLE.FORMAT (the project's folder written @TOP@, as
# ${here} resolves to it); when svcc prints diagnostics or fails, they and
# its exit status must match EXAMPLE.FORMAT.stderr too. SVC_UPDATE=1
# rewrites the golden files instead (review the diff).
build=$1
top=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0 n=0
export NO_COLOR=1
for f in examples/*.svc examples/*/services.svc; do
	name=$(echo "${f#examples/}" | sed 's|/services.svc$||; s|\.svc$||')
	for fmt in ini init nginx systemd; do
		gold=tests/emit/golden/$name.$fmt
		"$build/svcc" --emit $fmt -O - --no-host-checks "$f" >"$tmp/raw" 2>"$tmp/err"
		st=$?
		sed "s|$top|@TOP@|g" "$tmp/raw" >"$tmp/out"
		[ -s "$tmp/err" ] || [ $st != 0 ] && { sed "s|$top|@TOP@|g" "$tmp/err"; echo "exit $st"; } >"$tmp/errst"
		if [ "${SVC_UPDATE:-}" = 1 ]; then
			mkdir -p tests/emit/golden
			cp "$tmp/out" "$gold"
			rm -f "$gold.stderr"
			[ -f "$tmp/errst" ] && cp "$tmp/errst" "$gold.stderr"
			rm -f "$tmp/errst"
			continue
		fi
		n=$((n + 1))
		diff -u "$gold" "$tmp/out" || { echo "$f: --emit $fmt differs from $gold"; fail=1; }
		if [ -f "$tmp/errst" ] || [ -f "$gold.stderr" ]; then
			touch "$tmp/errst"
			diff -u "$gold.stderr" "$tmp/errst" ||
				{ echo "$f: --emit $fmt diagnostics differ from $gold.stderr"; fail=1; }
		fi
		rm -f "$tmp/errst"
	done
done
[ "${SVC_UPDATE:-}" = 1 ] || [ $n -ge 16 ] || { echo "only $n golden files compared"; fail=1; }
exit $fail
