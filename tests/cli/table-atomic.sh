#!/bin/sh
# Writing the table: beside the input by default, -o chooses the path, an
# input with errors writes nothing and leaves an existing table untouched,
# and no temporary file is ever left behind.
build=${1:-build}
svcc=$build/svcc
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

cp examples/uwsgi.svc "$tmp/services.svc"
"$svcc" "$tmp/services.svc" 2>"$tmp/err" || { echo "FAIL: compile"; cat "$tmp/err"; fail=1; }
[ -f "$tmp/services.svct" ] || { echo "FAIL: no services.svct beside the input"; fail=1; }

"$svcc" -o "$tmp/out.svct" "$tmp/services.svc" || { echo "FAIL: -o"; fail=1; }
cmp -s "$tmp/out.svct" "$tmp/services.svct" || { echo "FAIL: -o output differs"; fail=1; }

# An error: nothing written, the old table kept.
cp "$tmp/out.svct" "$tmp/before.svct"
printf 'service broken {\n    comand "/bin/true";\n}\n' >"$tmp/bad.svc"
"$svcc" -o "$tmp/out.svct" "$tmp/bad.svc" 2>/dev/null
[ $? = 1 ] || { echo "FAIL: an input with errors did not exit 1"; fail=1; }
cmp -s "$tmp/out.svct" "$tmp/before.svct" || { echo "FAIL: the old table changed"; fail=1; }
[ -e "$tmp/bad.svct" ] && { echo "FAIL: a table was written for a bad input"; fail=1; }

# An unwritable destination: exit 3 (the input is fine, svcc could not
# finish), and no temporary left; an input error besides is still 1.
"$svcc" -o "$tmp/nodir/out.svct" "$tmp/services.svc" 2>/dev/null
[ $? = 3 ] || { echo "FAIL: writing into a missing folder did not exit 3"; fail=1; }
"$svcc" --emit ini -O - --no-host-checks "$tmp/services.svc" >/dev/full 2>/dev/null
[ $? = 3 ] || { echo "FAIL: a full stdout did not exit 3"; fail=1; }
"$svcc" -o "$tmp/nodir/out.svct" "$tmp/bad.svc" 2>/dev/null
[ $? = 1 ] || { echo "FAIL: an input error did not exit 1"; fail=1; }
leftover=$(find "$tmp" -name '*.tmp*')
[ -z "$leftover" ] || { echo "FAIL: temporary files left: $leftover"; fail=1; }
exit $fail
