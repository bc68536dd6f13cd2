#!/bin/sh
# svcc --dump refuses damaged and foreign tables with one exact message and
# exit status 1: truncated, a flipped byte, a bad magic, a newer format, an
# older one (3, before limits and envfiles), an empty file, a missing file.
build=${1:-build}
svcc=$build/svcc
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

# expect FILE MESSAGE: the dump of FILE fails with exactly MESSAGE.
expect() {
	"$svcc" --dump "$1" >"$tmp/out" 2>"$tmp/err"
	status=$?
	[ "$status" = 1 ] || { echo "FAIL $1: exit status $status, expected 1"; fail=1; }
	[ -s "$tmp/out" ] && { echo "FAIL $1: printed something"; fail=1; }
	printf '%s\n' "$2" >"$tmp/want"
	diff -u "$tmp/want" "$tmp/err" || { echo "FAIL $1: wrong message"; fail=1; }
}

# patch FILE OFFSET BYTES...: overwrite bytes (octal escapes for printf).
patch() {
	f=$1 off=$2
	shift 2
	# shellcheck disable=SC2059
	printf "$@" | dd of="$f" bs=1 seek="$off" conv=notrunc 2>/dev/null
}

"$svcc" -o "$tmp/good.svct" examples/uwsgi.svc || { echo "FAIL: cannot compile"; exit 1; }
size=$(wc -c <"$tmp/good.svct")

head -c 100 "$tmp/good.svct" >"$tmp/short.svct"
expect "$tmp/short.svct" "$tmp/short.svct: file is 100 bytes but its header says $size"

cp "$tmp/good.svct" "$tmp/flip.svct"
patch "$tmp/flip.svct" 200 '\377'
cmp -s "$tmp/good.svct" "$tmp/flip.svct" && patch "$tmp/flip.svct" 200 '\000'
expect "$tmp/flip.svct" "$tmp/flip.svct: checksum mismatch: the file is damaged"

cp "$tmp/good.svct" "$tmp/magic.svct"
patch "$tmp/magic.svct" 0 'XVCT'
expect "$tmp/magic.svct" "$tmp/magic.svct: not a compiled table (bad magic)"

cp "$tmp/good.svct" "$tmp/newer.svct"
patch "$tmp/newer.svct" 8 '\007\000'
expect "$tmp/newer.svct" "$tmp/newer.svct: table format 7 is newer than this svcd supports (4); rebuild with a matching svcc"

cp "$tmp/good.svct" "$tmp/older.svct"
patch "$tmp/older.svct" 8 '\003\000'
expect "$tmp/older.svct" "$tmp/older.svct: table format 3 is older than this svcd supports (4); rebuild with a matching svcc"

: >"$tmp/empty.svct"
expect "$tmp/empty.svct" "$tmp/empty.svct: file is too short to be a compiled table (0 bytes)"

expect "$tmp/missing.svct" "$tmp/missing.svct: No such file or directory"

"$svcc" --dump "$tmp/good.svct" >/dev/null || { echo "FAIL: good table refused"; fail=1; }
exit $fail
